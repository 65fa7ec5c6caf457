/** What the last tick did, for the Health page: when, how long, what it published, or why it failed. */
export interface TickRecord {
  atMs: number;
  durationMs: number;
  firings: number;
  error: string | null;
}

/**
 * Runs the evaluator's tick every `everyMs`, never two at once (a slow tick on a busy index
 * is not stacked on by the next), only while `ready` (the alert store reachable), and keeps
 * the figures the Health page shows: the last tick, how many ran, how many were skipped.
 */
export class TickLoop {
  last: TickRecord | null = null;
  ticks = 0;
  /** Ticks not run: the one before was still running, or the alert store was away. */
  skipped = 0;
  #running = false;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly tick: () => Promise<readonly unknown[]>,
    private readonly ready: () => boolean,
    readonly everyMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get started(): boolean {
    return this.#timer !== null;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.runOnce(), this.everyMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async runOnce(): Promise<void> {
    if (this.#running || !this.ready()) {
      this.skipped++;
      return;
    }
    this.#running = true;
    const atMs = this.now();
    const t0 = performance.now();
    try {
      const fired = await this.tick();
      this.last = { atMs, durationMs: performance.now() - t0, firings: fired.length, error: null };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      this.last = { atMs, durationMs: performance.now() - t0, firings: 0, error };
      console.warn(`[alerts] evaluating failed (${error})`);
    } finally {
      this.ticks++;
      this.#running = false;
    }
  }
}
