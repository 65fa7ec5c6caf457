/**
 * A one-line progress bar on stderr: done / total, rate, ETA. Redrawn in place with `\r`
 * on a terminal; elsewhere (CI logs) a plain line every few seconds.
 */
export interface ProgressBar {
  add(n: number): void;
  /** Raises the total (more messages arrived while rebuilding). */
  setTotal(total: number): void;
  finish(): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** `unit` names what is counted in the rate (`msg/s`, `B/s`). */
export function renderProgress(done: number, total: number, elapsedMs: number, width = 30, unit = "msg"): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
  const fmt = new Intl.NumberFormat("en");
  return (
    `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${fmt.format(done)} / ${fmt.format(total)}` +
    `  ${(fraction * 100).toFixed(1)}%  ${fmt.format(Math.round(rate))} ${unit}/s  ETA ${done >= total ? "0s" : formatDuration(eta)}`
  );
}

export function createProgressBar(total: number, out: NodeJS.WriteStream = process.stderr, unit = "msg"): ProgressBar {
  const started = Date.now();
  const tty = out.isTTY === true;
  const everyMs = tty ? 100 : 2000;
  let done = 0;
  let max = total;
  let lastDraw = 0;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!force && now - lastDraw < everyMs) return;
    lastDraw = now;
    const line = renderProgress(done, max, now - started, 30, unit);
    out.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  };
  draw(true);
  return {
    add(n) {
      done += n;
      if (done > max) max = done;
      draw(false);
    },
    setTotal(t) {
      max = Math.max(t, done);
      draw(false);
    },
    finish() {
      draw(true);
      if (tty) out.write("\n");
    },
  };
}
