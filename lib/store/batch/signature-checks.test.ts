import { describe, expect, it, vi } from "vitest";
import { demoMessages } from "@/lib/testing/demo/generator";
import { demoTrustedSigners } from "@/lib/testing/demo/keys";
import { ed25519Worker } from "./ed25519-worker";
import { createSignatureBatch, verifyHere } from "./signature-checks";

const intents = demoMessages({ seed: 5 }, 3000).filter((m) =>
  m.subject.startsWith("smith.intents."),
);

describe("signature checks on the Ed25519 worker", () => {
  it.each([
    ["without a trust list", [] as string[]],
    ["with a trust list", demoTrustedSigners(5)],
  ])(
    "give the verdicts of the check on this thread, %s",
    async (_name, trusted) => {
      await vi.waitFor(() => expect(ed25519Worker()?.ready).toBe(true), { timeout: 10_000 });
      const batch = createSignatureBatch(trusted);
      const handles = intents.map((m) => batch.begin(m.payload));
      batch.flush();
      const verdicts = handles.map((verdict) => verdict());
      batch.dispose();
      expect(verdicts).toEqual(intents.map((m) => verifyHere(m.payload, trusted)));
      const states = new Set(verdicts.map((v) => v.state));
      expect(states).toContain("verified");
      expect(states).toContain("invalid");
      if (trusted.length > 0) expect(states).toContain("untrusted-signer");
    },
    30_000,
  );

  it("lets a batch drop answers it never took, and the next batch gets its own", async () => {
    await vi.waitFor(() => expect(ed25519Worker()?.ready).toBe(true), { timeout: 10_000 });
    const first = createSignatureBatch([]);
    for (const m of intents.slice(0, 100)) first.begin(m.payload);
    first.flush();
    first.dispose();
    const second = createSignatureBatch([]);
    const handles = intents.slice(100, 200).map((m) => second.begin(m.payload));
    second.flush();
    expect(handles.map((v) => v())).toEqual(
      intents.slice(100, 200).map((m) => verifyHere(m.payload, [])),
    );
  }, 30_000);
});
