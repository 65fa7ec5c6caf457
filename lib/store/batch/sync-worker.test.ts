import { describe, expect, it, vi } from "vitest";
import { SyncWorker } from "./sync-worker";

// A worker that doubles numbers, and throws on a negative one.
const SOURCE = `
const { workerData } = require("node:worker_threads");
const { port, state } = workerData;
const flags = new Int32Array(state);
port.on("message", (m) => {
  if (m.values.some((v) => v < 0)) throw new Error("negative");
  port.postMessage({ id: m.id, out: m.values.map((v) => v * 2) });
  Atomics.add(flags, 0, 1);
  Atomics.notify(flags, 0);
});
Atomics.store(flags, 1, 1);
`;

describe("SyncWorker", () => {
  it("answers chunks in any order of taking, and drops the ones given up", async () => {
    const w = new SyncWorker(SOURCE);
    await vi.waitFor(() => expect(w.ready).toBe(true));
    const a = w.post({ values: [1, 2] });
    const b = w.post({ values: [3] });
    const c = w.post({ values: [4] });
    w.forget([a]);
    expect(w.take(c)).toEqual([8]);
    expect(w.take(b)).toEqual([6]);
  });

  it("says at once when the worker died, instead of waiting for it", async () => {
    const w = new SyncWorker(SOURCE);
    await vi.waitFor(() => expect(w.ready).toBe(true));
    const id = w.post({ values: [-1] });
    const started = performance.now();
    expect(w.take(id)).toBeNull();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(w.ready).toBe(false);
  });
});
