import { describe, expect, it } from "vitest";
import { FrameBatcher } from "./frame-batcher";
import { resumeIsLossy, SeqGate } from "./seq-gate";

describe("FrameBatcher", () => {
  it("hands a burst over as one batch per frame", () => {
    const frames: (() => void)[] = [];
    const batches: number[][] = [];
    const b = new FrameBatcher<number>((items) => batches.push(items), (f) => frames.push(f));
    for (let i = 0; i < 1000; i++) b.push(i);
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    b.push(1000);
    frames.shift()?.();
    expect(batches.map((x) => x.length)).toEqual([1000, 1]);
  });
});

describe("SeqGate", () => {
  it("admits each sequence once and never one at or below the snapshot", () => {
    const gate = new SeqGate(10);
    expect([9, 10, 11, 11, 12, 12, 15].filter((s) => gate.admit(s))).toEqual([11, 12, 15]);
    expect(gate.lastSeq).toBe(15);
  });
});

describe("resumeIsLossy", () => {
  it.each([
    [10, { firstSeq: 1, messages: 20 }, false],
    [10, { firstSeq: 11, messages: 20 }, false],
    [10, { firstSeq: 12, messages: 20 }, true],
    [10, { firstSeq: 50, messages: 0 }, false],
  ])("after %i with %o → %s", (last, stream, lossy) => {
    expect(resumeIsLossy(last, stream)).toBe(lossy);
  });
});
