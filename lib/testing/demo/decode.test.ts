import { describe, expect, it } from "vitest";
import { decodeMessage } from "@/lib/protocol/subjects";
import { demoMessages } from "./generator";
import { demoPayloadBytes } from "./types";

// The demo is the app's fixture source: whatever it calls well-formed, the app must
// accept, and whatever it damaged, the app must quarantine.
const messages = demoMessages({ seed: 42 }, 5000);

describe("demo messages against the protocol schemas", () => {
  it("decodes every well-formed message", () => {
    const failures = messages
      .filter((m) => !m.malformed)
      .map((m) => ({ subject: m.subject, result: decodeMessage(m.subject, demoPayloadBytes(m)) }))
      .filter((r) => !r.result.ok)
      .map((r) => `${r.subject}: ${r.result.ok ? "" : r.result.reason}`);
    expect(failures).toEqual([]);
  });

  it("rejects every malformed message", () => {
    const bad = messages.filter((m) => m.malformed);
    expect(bad.length).toBeGreaterThan(20);
    const accepted = bad
      .filter((m) => decodeMessage(m.subject, demoPayloadBytes(m)).ok)
      .map((m) => m.malformed);
    expect(accepted).toEqual([]);
  });

  it("rejects the non-UTF-8 payload for its bytes", () => {
    const bad = demoMessages({ seed: 3 }, 20000).find(
      (m) => m.malformed === "invalid payload: not UTF-8",
    );
    expect(bad?.bytes).toBeInstanceOf(Uint8Array);
    if (!bad) return;
    const result = decodeMessage(bad.subject, demoPayloadBytes(bad));
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toMatch(/UTF-8/);
  });
});
