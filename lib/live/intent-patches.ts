import {
  intentExpiresAtNs,
  overallDecision,
  resultOutcome,
  type AuditEntry,
  type IntentResult,
  type SignatureState,
} from "@/lib/protocol";
import type { IntentFilters } from "@/lib/queries/intent-filters";
import type { IntentListRow } from "@/lib/contract/intents";
import type { ListIntent } from "./decode-live-intent";

function text(meta: Record<string, unknown>, key: string): string | null {
  const v = meta[key];
  return typeof v === "string" ? v : null;
}

/**
 * A list row for an intent that arrived live. Its signature is checked when it is shown
 * (`withVerdict`); until then the row keeps the exact text the check covers.
 */
export function intentRow(intent: ListIntent, raw: string, stage: string, stream: string, seq: number): IntentListRow {
  return {
    id: intent.id,
    capability: intent.capability,
    domain: intent.domain,
    signer: intent.signer,
    signatureState: null,
    pendingRaw: raw,
    stage,
    createdAtNs: intent.created_at_ns.toString(),
    createdMs: Number(intent.created_at_ns / 1_000_000n),
    ttlMs: intent.ttl_ms,
    expiresAtNs: intentExpiresAtNs(intent).toString(),
    status: "pending",
    resultStatus: null,
    errorCode: null,
    durationMs: null,
    ranLate: null,
    decision: null,
    executorId: null,
    sessionId: text(intent.metadata, "session_id"),
    nodeId: text(intent.metadata, "node_id"),
    stream,
    seq,
    // A live row is a first copy: conflicts are found by the index (see intent_copies).
    conflictingCopies: 0,
  };
}

export function withResult(row: IntentListRow, r: IntentResult): IntentListRow {
  return {
    ...row,
    status: resultOutcome(r.status, r.error),
    resultStatus: r.status,
    errorCode: r.error?.code ?? null,
    durationMs: Number(r.finished_at_ns - r.started_at_ns) / 1e6,
    ranLate: r.status === "denied" ? row.ranLate : r.started_at_ns > BigInt(row.expiresAtNs),
  };
}

export function withPolicy(row: IntentListRow, e: AuditEntry): IntentListRow {
  return { ...row, decision: overallDecision(e.policy_decisions), executorId: e.executor_id };
}

/** The row with its checked verdict, without the text it no longer needs. */
export function withVerdict(row: IntentListRow, state: SignatureState): IntentListRow {
  const { pendingRaw: _checked, ...rest } = row;
  return { ...rest, signatureState: state };
}

/**
 * Whether a live row belongs in a view with these filters. Free text and status are the
 * server's to judge (a new intent is pending; text search is FTS): such views refetch.
 */
export function rowMatches(row: IntentListRow, f: IntentFilters): boolean {
  if (f.capability && row.capability !== f.capability) return false;
  if (f.domain && row.domain !== f.domain) return false;
  if (f.signature && row.signatureState !== f.signature) return false;
  if (f.copies && row.conflictingCopies === 0) return false;
  if (f.from && row.createdMs < Date.parse(f.from)) return false;
  if (f.to && row.createdMs > Date.parse(f.to)) return false;
  return true;
}

/** Views whose membership a live patch cannot decide: they refetch instead. */
export function needsRefetch(f: IntentFilters): boolean {
  return f.status !== null || f.q !== null;
}
