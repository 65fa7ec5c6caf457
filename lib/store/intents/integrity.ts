import "server-only";
import type { IntegrityKind, IntegrityRows, IntegritySummary } from "@/lib/contract/integrity";
import { SIGNATURE_STATES } from "@/lib/contract/signature-states";
import { encodeCursor } from "@/lib/contract/page-cursor";
import type { ReadContext } from "../core/read-context";
import { HAS_COPIES, INTENT_COLUMNS, intentSummary, statusWhere, type Custody, type IntentRow } from "./list";
import { Where } from "../core/row-values";

export interface IntegrityRange {
  /** Epoch ms of the intents' creation, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

export interface IntegrityRowFilter extends IntegrityRange {
  kind: IntegrityKind;
  /** The (created_ms, id) of the previous page's last item. */
  after?: readonly [number, string];
  limit: number;
}

// Open ends as bounds, so that every count is one range of an index.
const lo = (r: IntegrityRange) => r.from ?? Number.MIN_SAFE_INTEGER;
const hi = (r: IntegrityRange) => r.to ?? Number.MAX_SAFE_INTEGER;

const RESULT_DIGEST = "json_extract(r.runner_meta, '$.capability_digest')";
const MISMATCH = `i.capability_digest IS NOT NULL AND ${RESULT_DIGEST} IS NOT NULL
  AND ${RESULT_DIGEST} <> i.capability_digest`;
const NO_AUDIT = "NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.intent_id = i.id)";

/**
 * The integrity counts over the intents created in a range. Each signature verdict is a
 * range of intents_by_signature and late runs one of the partial index intents_ran_late;
 * the result checks join each intent of the range to its result once (json_extract of the
 * runner's digest, and the audit lookup through the audit events' (intent_id, ...) key).
 */
export function integritySummary(ctx: ReadContext, range: IntegrityRange, custody: Custody): IntegritySummary {
  const bounds = [lo(range), hi(range)];
  const nowMs = custody.now();
  return ctx.snapshot(() => {
    const count = (sql: string, ...params: (string | number)[]) =>
      ctx.stmt<{ n: number }>(sql).get(...params, ...bounds)?.n ?? 0;
    const bySignature = (state: string) =>
      count("SELECT count(*) AS n FROM intents WHERE signature_state = ? AND created_ms >= ? AND created_ms < ?", state);
    const results = ctx
      .stmt<{ results: number; compared: number; mismatch: number; no_audit: number }>(
        `SELECT count(*) AS results,
          coalesce(sum(i.capability_digest IS NOT NULL AND ${RESULT_DIGEST} IS NOT NULL), 0) AS compared,
          coalesce(sum(${MISMATCH}), 0) AS mismatch,
          coalesce(sum(${NO_AUDIT}), 0) AS no_audit
        FROM intents i JOIN results r ON r.intent_id = i.id
        WHERE i.created_ms >= ? AND i.created_ms < ?`,
      )
      .get(...bounds);
    const signature = Object.fromEntries(SIGNATURE_STATES.map((s) => [s, bySignature(s)]));
    return {
      intents: count("SELECT count(*) AS n FROM intents WHERE created_ms >= ? AND created_ms < ?"),
      results: results?.results ?? 0,
      digestsCompared: results?.compared ?? 0,
      counts: {
        verified: signature.verified ?? 0,
        unsigned: signature.unsigned ?? 0,
        invalid: signature.invalid ?? 0,
        "untrusted-signer": signature["untrusted-signer"] ?? 0,
        "digest-mismatch": results?.mismatch ?? 0,
        "ttl-expired": count(
          "SELECT count(*) AS n FROM intents WHERE ran_late = 1 AND created_ms >= ? AND created_ms < ?",
        ),
        "no-audit": results?.no_audit ?? 0,
        // A range of intents_by_status, each row's expiry read to split pending from none.
        "no-result": count(
          `SELECT count(*) AS n FROM intents i ${statusWhere(new Where(), "no-result", custody.graceMs, nowMs).sql}
          AND i.created_ms >= ? AND i.created_ms < ?`,
          nowMs - custody.graceMs,
        ),
        "conflicting-copies": count(
          `SELECT count(*) AS n FROM intents i WHERE ${HAS_COPIES} AND i.created_ms >= ? AND i.created_ms < ?`,
        ),
      },
      seq: ctx.seqs(),
    };
  });
}

interface IntegrityDbRow extends IntentRow {
  intent_digest: string | null;
  result_digest: unknown;
  started_at_ns: string | null;
}

function kindWhere(kind: IntegrityKind, where: Where, custody: Custody, nowMs: number): Where {
  switch (kind) {
    case "no-result":
      return statusWhere(where, "no-result", custody.graceMs, nowMs);
    case "conflicting-copies":
      return where.add(HAS_COPIES);
    case "digest-mismatch":
      return where.add(`r.intent_id IS NOT NULL AND ${MISMATCH}`);
    case "ttl-expired":
      return where.add("i.ran_late = 1");
    case "no-audit":
      return where.add(`r.intent_id IS NOT NULL AND ${NO_AUDIT}`);
    default:
      return where.add("i.signature_state = ?", kind);
  }
}

/** The intents behind one integrity count, newest first. */
export function integrityRows(ctx: ReadContext, f: IntegrityRowFilter, custody: Custody): IntegrityRows {
  const nowMs = custody.now();
  const where = kindWhere(f.kind, new Where(), custody, nowMs).add("i.created_ms >= ?", lo(f)).add("i.created_ms < ?", hi(f));
  if (f.after) where.add("(i.created_ms, i.id) < (?, ?)", f.after[0], f.after[1]);
  const sql = `SELECT ${INTENT_COLUMNS}, i.capability_digest AS intent_digest,
      ${RESULT_DIGEST} AS result_digest, r.started_at_ns
    FROM intents i LEFT JOIN results r ON r.intent_id = i.id ${where.sql}
    ORDER BY i.created_ms DESC, i.id DESC LIMIT ?`;
  return ctx.snapshot(() => {
    const rows = ctx.stmt<IntegrityDbRow>(sql).all(...where.params, f.limit + 1);
    const page = rows.slice(0, f.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        ...intentSummary(r, custody, nowMs),
        intentDigest: r.intent_digest,
        resultDigest: typeof r.result_digest === "string" ? r.result_digest : null,
        startedAtNs: r.started_at_ns,
      })),
      nextCursor: rows.length > f.limit && last ? encodeCursor([last.created_ms, last.id]) : null,
      seq: ctx.seqs(),
    };
  });
}
