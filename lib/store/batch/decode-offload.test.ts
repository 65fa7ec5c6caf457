import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { decodeMessage } from "@/lib/protocol/subjects";
import { demoTrustedSigners } from "@/lib/testing/demo/keys";
import { DECODE_WORKER_FILE, decodeOnWorker, decodeWorker } from "./decode-offload";
import { nestsDeeper } from "./decode-worker";
import { verifyHere } from "./signature-checks";
import { demoRecords } from "@/lib/testing/store-fixtures";

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

  it("leaves values nested too deep for this thread to the caller, and stays up", async () => {
    await vi.waitFor(() => expect(decodeWorker()?.ready).toBe(true), { timeout: 20_000 });
    const worker = decodeWorker();
    if (!worker) throw new Error("no decode worker");
    const intent = records.find(
      (r) => r.subject.startsWith("smith.intents.") && !r.payload.includes(0),
    );
    if (!intent) throw new Error("no intent");
    const text = new TextDecoder().decode(intent.payload);
    const deep = text.replace(
      '"params":{',
      `"params":{"deep":${"[".repeat(5000)}${"]".repeat(5000)},`,
    );
    expect(deep).not.toBe(text);
    const nested = { ...intent, payload: new TextEncoder().encode(deep) };
    const remote = decodeOnWorker(worker, [nested, intent], true, []);
    // Null from the worker; decoded here if this thread claimed the chunk first.
    const got = remote.take(0);
    if (got !== null) expect(got.result).toEqual(decodeMessage(nested.subject, nested.payload));
    expect(remote.take(1)?.result).toEqual(decodeMessage(intent.subject, intent.payload));
    expect(worker.ready).toBe(true);
  }, 60_000);

  it("tells deep JSON from deep-looking strings", () => {
    const nest = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    expect(nestsDeeper(nest(300), 256)).toBe(true);
    expect(nestsDeeper(nest(256), 256)).toBe(false);
    expect(nestsDeeper(JSON.stringify({ s: "[".repeat(1000) }), 256)).toBe(false);
    expect(nestsDeeper(JSON.stringify({ s: '\\"[' }) + nest(10), 256)).toBe(false);
    expect(nestsDeeper(`[${'{"a":'.repeat(300)}1${"}".repeat(300)}]`, 256)).toBe(true);
  }, 60_000);
});

describe("the decode worker's source", () => {
  it("is where decode-offload.ts looks for it, from the project root", () => {
    // A move that forgets the path does not fail loudly: ingest decodes on one thread.
    expect(existsSync(path.join(process.cwd(), ...DECODE_WORKER_FILE))).toBe(true);
    expect(path.join(...DECODE_WORKER_FILE)).toBe(path.relative(process.cwd(), fileURLToPath(new URL("./decode-worker.ts", import.meta.url))));
  });
});
