import type { InfiniteData } from "@tanstack/react-query";
import {
  intentExpiresAtNs,
  normalizeExecutionStatus,
  overallDecision,
  type AuditEntry,
  type Intent,
  type IntentResult,
  type SignatureVerdict,
} from "@/lib/protocol";
import type { IntentFilters } from "@/lib/queries/intent-filters";
import type { IntentList, IntentSummary } from "@/lib/queries/intents-schema";

/** What one live batch changes in the intents list. */
export interface IntentChanges {
  added: IntentSummary[];
  results: Map<string, IntentResult>;
  policies: Map<string, AuditEntry>;
}

function text(meta: Record<string, unknown>, key: string): string | null {
  const v = meta[key];
  return typeof v === "string" ? v : null;
}

/** A list row for an intent that arrived live, with the verdict the browser computed. */
export function intentRow(intent: Intent, verdict: SignatureVerdict, stage: string, stream: string, seq: number): IntentSummary {
  return {
    id: intent.id,
    capability: intent.capability,
    domain: intent.domain,
    signer: intent.signer,
    signatureState: verdict.state,
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
  };
}

function withResult(row: IntentSummary, r: IntentResult): IntentSummary {
  return {
    ...row,
    status: normalizeExecutionStatus(r.status),
    resultStatus: r.status,
    errorCode: r.error?.code ?? null,
    durationMs: Number(r.finished_at_ns - r.started_at_ns) / 1e6,
    ranLate: r.status === "denied" ? row.ranLate : r.started_at_ns > BigInt(row.expiresAtNs),
  };
}

function withPolicy(row: IntentSummary, e: AuditEntry): IntentSummary {
  return { ...row, decision: overallDecision(e.policy_decisions), executorId: e.executor_id };
}

/**
 * Whether a live row belongs in a view with these filters. Free text and status are the
 * server's to judge (a new intent is pending; text search is FTS): such views refetch.
 */
export function rowMatches(row: IntentSummary, f: IntentFilters): boolean {
  if (f.capability && row.capability !== f.capability) return false;
  if (f.domain && row.domain !== f.domain) return false;
  if (f.signature && row.signatureState !== f.signature) return false;
  if (f.from && row.createdMs < Date.parse(f.from)) return false;
  if (f.to && row.createdMs > Date.parse(f.to)) return false;
  return true;
}

/** Views whose membership a live patch cannot decide: they refetch instead. */
export function needsRefetch(f: IntentFilters): boolean {
  return f.status !== null || f.q !== null;
}

/**
 * The list with a batch applied: new intents on top of the first page (newest first),
 * results and decisions patched into the rows they belong to, wherever they are.
 */
export function applyIntentChanges<P>(
  data: InfiniteData<IntentList, P>,
  changes: IntentChanges,
  filters: IntentFilters,
  seq: Record<string, number>,
): InfiniteData<IntentList, P> {
  const known = new Set(data.pages.flatMap((p) => p.items.map((i) => i.id)));
  const fresh = changes.added.filter((r) => !known.has(r.id) && rowMatches(r, filters));
  fresh.sort((a, b) => b.createdMs - a.createdMs || (a.id < b.id ? 1 : -1));
  const patch = (row: IntentSummary): IntentSummary => {
    const policy = changes.policies.get(row.id);
    const result = changes.results.get(row.id);
    let next = row;
    if (policy) next = withPolicy(next, policy);
    if (result) next = withResult(next, result);
    return next;
  };
  const pages = data.pages.map((page, i) => ({
    ...page,
    items: (i === 0 ? [...fresh, ...page.items] : page.items).map(patch),
    seq: { ...page.seq, ...seq },
  }));
  return { ...data, pages };
}
