import "server-only";
import { DECISIONS } from "@/lib/contract/audit";
import {
  INTENT_STATUSES,
  SIGNATURE_STATES,
  type IntentList,
  type IntentSummary,
} from "@/lib/contract/intents";
import { shownStatus } from "@/lib/contract/intent-outcome";
import { INTENT_MATCH } from "../core/fts-docs";
import { encodeCursor } from "@/lib/contract/page-cursor";
import type { ReadContext } from "../core/read-context";
import { flag, oneOf, oneOfOr, Where } from "../core/row-values";

export type IntentStatus = (typeof INTENT_STATUSES)[number];
export type SignatureStateFilter = (typeof SIGNATURE_STATES)[number];

/**
 * What "no result" is judged by: the grace after the TTL, and the time of asking. The
 * status is derived when asked (it changes with time); the index row stays `pending`.
 */
export interface Custody {
  graceMs: number;
  now: () => number;
}

export interface IntentFilter {
  capability?: string;
  domain?: string;
  status?: IntentStatus;
  /** Only intents whose id also came with other bytes (see intent_copies). */
  conflict?: boolean;
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
  copies: number;
}

export const INTENT_COLUMNS = `i.id, i.capability, i.domain, i.signer, i.signature_state, i.stage,
  i.created_at_ns, i.created_ms, i.ttl_ms, i.expires_at_ns, i.status, i.result_status,
  i.error_code, i.duration_ms, i.ran_late, i.decision, i.executor_id, i.session_id, i.node_id,
  i.stream, i.seq,
  (SELECT count(*) FROM intent_copies c WHERE c.intent_id = i.id) AS copies`;

/** Intents with at least one conflicting copy (few: driven from intent_copies). */
export const HAS_COPIES = "i.id IN (SELECT intent_id FROM intent_copies)";

export function intentSummary(r: IntentRow, custody: Custody, nowMs = custody.now()): IntentSummary {
  const status = oneOfOr(INTENT_STATUSES, r.status, "pending");
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
    status: shownStatus({ status, expiresAtNs: r.expires_at_ns }, nowMs, custody.graceMs),
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
    conflictingCopies: r.copies,
  };
}

/**
 * The status filter. `pending` and `no-result` are one stored status split at expiry +
 * grace, as of `nowMs`; the rest are stored as shown.
 */
export function statusWhere(where: Where, status: IntentStatus | undefined, graceMs: number, nowMs: number): Where {
  if (status === undefined) return where;
  if (status === "pending") return where.add("i.status = 'pending' AND i.expires_ms > ?", nowMs - graceMs);
  if (status === "no-result") return where.add("i.status = 'pending' AND i.expires_ms <= ?", nowMs - graceMs);
  return where.add("i.status = ?", status);
}

/** Newest first; every filter has an index ending in (created_ms, id). */
/** The list's filter (without its page cursor) as a WHERE clause on `intents i`; also what an evidence bundle selects. */
export function intentWhere(f: Omit<IntentFilter, "limit" | "after">, graceMs: number, nowMs: number): Where {
  const where = new Where()
    .opt("i.capability = ?", f.capability)
    .opt("i.domain = ?", f.domain);
  statusWhere(where, f.status, graceMs, nowMs)
    .opt("i.signature_state = ?", f.signature)
    .opt("i.signer = ?", f.signer)
    .opt("i.created_ms >= ?", f.from)
    .opt("i.created_ms < ?", f.to)
    .opt(INTENT_MATCH, f.match);
  if (f.conflict) where.add(HAS_COPIES);
  return where;
}

export function listIntents(ctx: ReadContext, f: IntentFilter, custody: Custody): IntentPage {
  const nowMs = custody.now();
  const where = intentWhere(f, custody.graceMs, nowMs);
  if (f.after) where.add("(i.created_ms, i.id) < (?, ?)", f.after[0], f.after[1]);
  const sql = `SELECT ${INTENT_COLUMNS} FROM intents i ${where.sql}
    ORDER BY i.created_ms DESC, i.id DESC LIMIT ?`;
  return ctx.snapshot(() => {
    const rows = ctx.stmt<IntentRow>(sql).all(...where.params, f.limit + 1);
    const page = rows.slice(0, f.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => intentSummary(r, custody, nowMs)),
      nextCursor: rows.length > f.limit && last ? encodeCursor([last.created_ms, last.id]) : null,
      seq: ctx.seqs(),
    };
  });
}
