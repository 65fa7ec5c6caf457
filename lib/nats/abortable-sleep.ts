/**
 * Waits `ms`, or less when `signal` aborts: the one wait of Pilot's retry loops around NATS
 * (ingest, capture, stream listing). The abort listener goes with the timer: loops that
 * sleep often (retries, ticks) must not pile listeners up on one signal.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
