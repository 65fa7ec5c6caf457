import { describe, expect, it } from "vitest";
import { createDemoGenerator, demoMessages } from "./generator";
import { json, messages, SEED } from "./stream-fixture";

describe("createDemoGenerator: determinism", () => {
  it("gives byte-identical streams for the same seed", () => {
    const again = demoMessages({ seed: SEED }, 2000);
    expect(again).toEqual(messages.slice(0, 2000));
  });

  it("gives a different stream for a different seed", () => {
    const other = demoMessages({ seed: SEED + 1 }, 200);
    const same = other.filter((m, i) => m.payload === messages[i]?.payload).length;
    expect(same).toBeLessThan(5);
  });

  it("moves every timestamp with startNs and nothing else", () => {
    const shifted = demoMessages({ seed: SEED, startNs: 1_800_000_000_000_000_000n }, 50);
    expect(shifted.map((m) => [m.subject.split(".")[1], m.atMs])).toEqual(
      messages.slice(0, 50).map((m) => [m.subject.split(".")[1], m.atMs]),
    );
    const intent = shifted.find((m) => m.subject.startsWith("smith.intents.vetted."));
    if (!intent) throw new Error("no intent in the first 50 messages");
    expect(String(json(intent).created_at_ns).startsWith("18")).toBe(true);
  });

  it("never goes back in time", () => {
    for (let i = 1; i < messages.length; i++) {
      expect(messages[i]?.atMs).toBeGreaterThanOrEqual(messages[i - 1]?.atMs ?? 0);
    }
  });

  it("scales the traffic with intensity, not the timeline", () => {
    const ratePerS = (intensity: number) => {
      const m = demoMessages({ seed: SEED, intensity }, 4000);
      return 4000 / ((m.at(-1)?.atMs ?? 1) / 1000);
    };
    const ratio = ratePerS(3) / ratePerS(1);
    expect(ratio).toBeGreaterThan(2.2);
    expect(ratio).toBeLessThan(3.8);
    expect(() => demoMessages({ seed: SEED, intensity: 0 }, 1)).toThrow(RangeError);
  });

  it("is endless and lazy", () => {
    const gen = createDemoGenerator({ seed: 7 });
    expect(gen.next().done).toBe(false);
    void gen.return();
  });
});
