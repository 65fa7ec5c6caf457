/**
 * A bound on password hashes running at once: each scrypt claims 128 MiB and a thread of
 * libuv's pool, so a flood of sign-ins must not start one per request. `size` run, up to
 * `queue` more wait their turn; past that a sign-in is refused at once (`tryRun` gives null)
 * rather than waiting behind the flood. Work that must happen (an admin setting a password)
 * waits however long the queue is (`run`).
 */
export class HashSlots {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly size: number,
    readonly queue: number,
  ) {}

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.#enter().then(async () => {
      try {
        return await fn();
      } finally {
        this.#leave();
      }
    });
  }

  tryRun<T>(fn: () => Promise<T>): Promise<T> | null {
    if (this.#running >= this.size && this.#waiting.length >= this.queue) return null;
    return this.run(fn);
  }

  #enter(): Promise<void> {
    if (this.#running < this.size) {
      this.#take();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(() => (this.#take(), resolve())));
  }

  #take(): void {
    this.#running++;
  }

  #leave(): void {
    this.#running--;
    this.#waiting.shift()?.();
  }
}
