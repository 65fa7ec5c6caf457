import { decodeMessage, routeSubject, verifyIntentSignature } from "@/lib/protocol";
import type { IntentChanges } from "./intent-patches";
import { intentRow } from "./intent-patches";
import type { LiveMessage } from "./stream-follower";

/**
 * Turns live messages (intents, results, policy audits) into list changes. Bad messages
 * are skipped here: ingest quarantines them and the Quarantine page shows them.
 */
export function decodeIntentBatch(messages: readonly LiveMessage[], trustedSigners: readonly string[]): IntentChanges {
  const changes: IntentChanges = { added: [], results: new Map(), policies: new Map() };
  for (const m of messages) {
    const decoded = decodeMessage(m.subject, m.data);
    if (!decoded.ok) continue;
    if (decoded.kind === "intent") {
      const route = routeSubject(m.subject);
      const stage = route?.kind === "intent" ? route.stage : "vetted";
      const verdict = verifyIntentSignature(decoded.raw, { trustedSigners });
      changes.added.push(intentRow(decoded.value, verdict, stage, m.stream, m.seq));
    } else if (decoded.kind === "intent-result") {
      changes.results.set(decoded.value.intent_id, decoded.value);
    } else if (decoded.kind === "audit-entry") {
      changes.policies.set(decoded.value.intent_id, decoded.value);
    }
  }
  return changes;
}
