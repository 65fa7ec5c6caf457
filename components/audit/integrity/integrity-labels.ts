import type { IntegrityKind } from "@/lib/contract/integrity";

/** What each count is called and what it means, for the cards and the list's heading. */
export const INTEGRITY_LABELS: Record<IntegrityKind, { label: string; help: string; alarm: boolean }> = {
  verified: { label: "Verified", help: "signature verifies with a trusted key", alarm: false },
  unsigned: { label: "Unsigned", help: "no signature at all", alarm: true },
  invalid: { label: "Invalid signature", help: "signature does not verify: changed after signing, or another key", alarm: true },
  "untrusted-signer": { label: "Untrusted signer", help: "verifies, but the key is not in the trusted list", alarm: true },
  "digest-mismatch": {
    label: "Capability digest mismatch",
    help: "the runner reported another capability digest than the intent's capability-digest header",
    alarm: true,
  },
  "ttl-expired": { label: "Ran after TTL expired", help: "the result started after created_at + ttl_ms", alarm: true },
  "no-audit": { label: "Results without audit events", help: "a result arrived, but no audit event names its intent", alarm: true },
  "no-result": {
    label: "Intents with no result",
    help: "none after the TTL and the grace period: rejected at admission (Smith publishes nothing then) or lost",
    alarm: true,
  },
  "conflicting-copies": {
    label: "Conflicting copies",
    help: "the intent id came again with other bytes: every version is kept and shown on the intent's page",
    alarm: true,
  },
};
