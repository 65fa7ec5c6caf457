import { describe, expect, it } from "vitest";
import { verifyIntentSignature } from "@/lib/protocol/signature";
import { demoMessages } from "@/lib/testing/demo/generator";
import { demoTrustedSigners } from "@/lib/testing/demo/keys";
import { nodeEd25519Verify } from "./node-ed25519";

describe("nodeEd25519Verify", () => {
  it("gives the same verdict as the strict noble check on every demo intent", () => {
    const intents = demoMessages({ seed: 3 }, 3000).filter(
      (m) => m.subject.startsWith("smith.intents.") && !m.malformed,
    );
    const trustedSigners = demoTrustedSigners(3);
    const states = new Set<string>();
    for (const m of intents) {
      const noble = verifyIntentSignature(m.payload, { trustedSigners });
      const native = verifyIntentSignature(m.payload, {
        trustedSigners,
        verify: nodeEd25519Verify,
      });
      expect(native).toEqual(noble);
      states.add(native.state);
    }
    expect(states).toEqual(new Set(["verified", "invalid", "unsigned", "untrusted-signer"]));
    // Pure-JS noble checks hundreds of signatures: seconds on a busy small machine.
  }, 60_000);
});
