import { decodeMessage, routeSubject, type AuditEntry, type IntentResult } from "@/lib/protocol";
import type { IntentListRow } from "@/lib/contract/intents";
import { decodeLiveIntent } from "./decode-live-intent";
import { intentRow } from "./intent-patches";
import type { LiveMessage } from "./stream-follower";

export interface DecodedBatch {
  /** New intents as rows, signatures unchecked, newest first. */
  fresh: IntentListRow[];
  results: Map<string, IntentResult>;
  policies: Map<string, AuditEntry>;
  /** The last sequence per stream among these messages. */
  seq: Record<string, number>;
  /** When the stream stored the last message, for the lag shown. */
  lastStoredAtMs: number | null;
}

/** Newest first, as the API orders the list (time, then id). */
export function newestFirst(a: Pick<IntentListRow, "createdMs" | "id">, b: Pick<IntentListRow, "createdMs" | "id">): number {
  return b.createdMs - a.createdMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * Turns live messages (intents, results, policy audits) into list changes. Bad messages
 * are skipped here: ingest quarantines them and the Quarantine page shows them.
 * Signatures are not checked here: that is for the rows the list shows.
 */
export function decodeIntentBatch(messages: readonly LiveMessage[]): DecodedBatch {
  const batch: DecodedBatch = { fresh: [], results: new Map(), policies: new Map(), seq: {}, lastStoredAtMs: null };
  for (const m of messages) {
    batch.seq[m.stream] = Math.max(batch.seq[m.stream] ?? 0, m.seq);
    batch.lastStoredAtMs = m.storedAtMs;
    const route = routeSubject(m.subject);
    if (route?.kind === "intent") {
      const decoded = decodeLiveIntent(m.subject, m.data);
      if (decoded.ok) batch.fresh.push(intentRow(decoded.intent, decoded.raw, route.stage, m.stream, m.seq));
      continue;
    }
    const decoded = decodeMessage(m.subject, m.data);
    if (!decoded.ok) continue;
    if (decoded.kind === "intent-result") batch.results.set(decoded.value.intent_id, decoded.value);
    else if (decoded.kind === "audit-entry") batch.policies.set(decoded.value.intent_id, decoded.value);
  }
  batch.fresh.sort(newestFirst);
  return batch;
}
