import { describe, expect, it } from "vitest";
import { fakeSha256, rfc3339Ns, uuidV4, uuidV7 } from "./ids";
import { Prng } from "./prng";

describe("Prng", () => {
  it("repeats for a seed and differs between seeds", () => {
    const a = new Prng(1);
    const b = new Prng(1);
    const c = new Prng(2);
    const seqA = Array.from({ length: 8 }, () => a.nextU32());
    expect(Array.from({ length: 8 }, () => b.nextU32())).toEqual(seqA);
    expect(Array.from({ length: 8 }, () => c.nextU32())).not.toEqual(seqA);
  });

  it("derives independent labelled streams", () => {
    expect(Prng.derive(1, "x").nextU32()).toBe(Prng.derive(1, "x").nextU32());
    expect(Prng.derive(1, "x").nextU32()).not.toBe(Prng.derive(1, "y").nextU32());
  });

  it("stays inside its ranges", () => {
    const p = new Prng(9);
    for (let i = 0; i < 1000; i++) {
      const n = p.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
      expect(p.next()).toBeLessThan(1);
    }
    expect(p.bytes(5)).toHaveLength(5);
  });
});

describe("ids", () => {
  it("makes UUIDv7 from the given millisecond and UUIDv4 from the stream", () => {
    const p = new Prng(1);
    const v7 = uuidV7(p, 1_748_768_400_123);
    expect(v7).toMatch(/^01972ab8-22fb-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV4(p)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(uuidV7(new Prng(1), 1_748_768_400_123)).toBe(v7);
    expect(fakeSha256(p)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("writes RFC 3339 with nanoseconds", () => {
    expect(rfc3339Ns(1_748_768_400_123_456_789n)).toBe("2025-06-01T09:00:00.123456789Z");
  });
});
