import { describe, expect, it, vi } from "vitest";
import { decodeMessage } from "@/lib/protocol/subjects";
import { demoTrustedSigners } from "@/scripts/demo/keys";
import { decodeOnWorker, decodeWorker } from "./decode-offload";
import { verifyHere } from "./signature-checks";
import { demoRecords } from "./test-helpers";

const { messages, records } = demoRecords(3000, 9);

describe("decoding on the decode worker", () => {
  it("gives what decodeMessage and the signature check give here, for every demo message", async () => {
    await vi.waitFor(() => expect(decodeWorker()?.ready).toBe(true), { timeout: 20_000 });
    const worker = decodeWorker();
    if (!worker) throw new Error("no decode worker");
    expect(messages.some((m) => m.malformed)).toBe(true);
    const trusted = demoTrustedSigners(9);
    const remote = decodeOnWorker(worker, records, true, trusted);
    const got = records.map((_, i) => remote.take(i));
    remote.dispose();
    const here = records.map((r) => decodeMessage(r.subject, r.payload));
    expect(got.map((g) => g?.result)).toEqual(here);
    const verdicts = got.map((g, i) => {
      const h = here[i];
      return h?.ok && h.kind === "intent" ? verifyHere(h.raw, trusted) : null;
    });
    expect(got.map((g) => g?.verdict ?? null)).toEqual(verdicts);
  }, 60_000);

  it("leaves the signature to the caller when asked to", async () => {
    await vi.waitFor(() => expect(decodeWorker()?.ready).toBe(true), { timeout: 20_000 });
    const worker = decodeWorker();
    if (!worker) throw new Error("no decode worker");
    const intents = records.filter((r) => r.subject.startsWith("smith.intents.")).slice(0, 50);
    const remote = decodeOnWorker(worker, intents, false, []);
    expect(intents.map((_, i) => remote.take(i)?.verdict)).toEqual(intents.map(() => null));
  }, 60_000);
});
