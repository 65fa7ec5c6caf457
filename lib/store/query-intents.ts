import "server-only";
import { DECISIONS } from "@/lib/queries/audit-schema";
import {
  INTENT_STATUSES,
  SIGNATURE_STATES,
  type IntentList,
  type IntentSummary,
} from "@/lib/queries/intents-schema";
import { INTENT_MATCH } from "./fts-docs";
import { encodeCursor } from "./page-cursor";
import type { ReadContext } from "./read-context";
import { flag, oneOf, oneOfOr, Where } from "./row-values";

export type IntentStatus = (typeof INTENT_STATUSES)[number];
export type SignatureStateFilter = (typeof SIGNATURE_STATES)[number];

export interface IntentFilter {
  capability?: string;
  domain?: string;
  status?: IntentStatus;
  signature?: SignatureStateFilter;
  signer?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** An FTS5 query (see `toFtsQuery`). */
  match?: string;
  /** The (created_ms, id) of the previous page's last item. */
  after?: readonly [number, string];
  limit: number;
}
export type IntentPage = IntentList;

export interface IntentRow {
  id: string;
  capability: string;
  domain: string;
  signer: string;
  signature_state: string;
  stage: string;
  created_at_ns: string;
  created_ms: number;
  ttl_ms: number;
  expires_at_ns: string;
  status: string;
  result_status: string | null;
  error_code: string | null;
  duration_ms: number | null;
  ran_late: number | null;
  decision: string | null;
  executor_id: string | null;
  session_id: string | null;
  node_id: string | null;
  stream: string;
  seq: number;
}

export const INTENT_COLUMNS = `i.id, i.capability, i.domain, i.signer, i.signature_state, i.stage,
  i.created_at_ns, i.created_ms, i.ttl_ms, i.expires_at_ns, i.status, i.result_status,
  i.error_code, i.duration_ms, i.ran_late, i.decision, i.executor_id, i.session_id, i.node_id,
  i.stream, i.seq`;

export function intentSummary(r: IntentRow): IntentSummary {
  return {
    id: r.id,
    capability: r.capability,
    domain: r.domain,
    signer: r.signer,
    signatureState: oneOfOr(SIGNATURE_STATES, r.signature_state, "invalid"),
    stage: r.stage,
    createdAtNs: r.created_at_ns,
    createdMs: r.created_ms,
    ttlMs: r.ttl_ms,
    expiresAtNs: r.expires_at_ns,
    status: oneOfOr(INTENT_STATUSES, r.status, "pending"),
    resultStatus: r.result_status,
    errorCode: r.error_code,
    durationMs: r.duration_ms,
    ranLate: flag(r.ran_late),
    decision: oneOf(DECISIONS, r.decision),
    executorId: r.executor_id,
    sessionId: r.session_id,
    nodeId: r.node_id,
    stream: r.stream,
    seq: r.seq,
  };
}

/** Newest first; every filter has an index ending in (created_ms, id). */
export function listIntents(ctx: ReadContext, f: IntentFilter): IntentPage {
  const where = new Where()
    .opt("i.capability = ?", f.capability)
    .opt("i.domain = ?", f.domain)
    .opt("i.status = ?", f.status)
    .opt("i.signature_state = ?", f.signature)
    .opt("i.signer = ?", f.signer)
    .opt("i.created_ms >= ?", f.from)
    .opt("i.created_ms < ?", f.to)
    .opt(INTENT_MATCH, f.match);
  if (f.after) where.add("(i.created_ms, i.id) < (?, ?)", f.after[0], f.after[1]);
  const sql = `SELECT ${INTENT_COLUMNS} FROM intents i ${where.sql}
    ORDER BY i.created_ms DESC, i.id DESC LIMIT ?`;
  return ctx.snapshot(() => {
    const rows = ctx.stmt<IntentRow>(sql).all(...where.params, f.limit + 1);
    const page = rows.slice(0, f.limit);
    const last = page.at(-1);
    return {
      items: page.map(intentSummary),
      nextCursor: rows.length > f.limit && last ? encodeCursor([last.created_ms, last.id]) : null,
      seq: ctx.seqs(),
    };
  });
}
