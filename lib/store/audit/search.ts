import "server-only";
import {
  DECISIONS,
  SIGNATURE_VERDICTS,
  type AuditEventItem,
  type AuditList,
} from "@/lib/contract/audit";
import { auditColumns } from "./columns";
import type { Combo } from "./combos";
import { theValue, type AuditFilter } from "./filter";
import { AUDIT_MATCH } from "../core/fts-docs";
import { auditFacets, comboMatches, hasComboFilter, readCombos } from "./facets";
import { fromColumns } from "./page";
import { encodeCursor } from "../core/page-cursor";
import type { ReadContext } from "../core/read-context";
import { oneOf, oneOfOr, Where } from "../core/row-values";
import { apiJson } from "../core/values";
import { parseDecisions } from "./write";

export type { AuditFilter } from "./filter";
export type AuditPage = AuditList;

export interface AuditRow {
  id: number;
  intent_id: string;
  capability: string | null;
  domain: string | null;
  signer: string | null;
  signature_state: string | null;
  channel: string;
  security_type: string | null;
  executor_id: string;
  result_status: string;
  status_norm: string;
  decision: string;
  timestamp_ns: string;
  ts_ms: number;
  sandbox_mode: string;
  cgroup_path: string | null;
  landlock: number;
  seccomp: number;
  resource_usage: string | null;
  security_context: string;
  decisions: string;
  stream: string;
  seq: number;
}

export const AUDIT_COLUMNS = `a.id, a.intent_id, i.capability, i.domain, i.signer,
  i.signature_state, a.channel, a.security_type,
  a.executor_id, a.result_status, a.status_norm, a.decision, a.timestamp_ns, a.ts_ms,
  a.sandbox_mode, a.cgroup_path, a.landlock, a.seccomp, a.resource_usage, a.security_context,
  a.decisions, a.stream, a.seq`;

const CHANNELS = ["policy", "execution", "security"] as const;

/** `column = ?` for a field whose every given value must hold (one condition, one text). */
function equal(where: Where, column: string, v: AuditFilter["intentId"]): void {
  const value = theValue(v);
  if (value === null) where.add("0");
  else where.opt(`${column} = ?`, value);
}

/** Conditions on the filter's time, intent and text, over `audit_events a`. */
function baseWhere(f: AuditFilter): Where {
  const where = new Where().opt("a.ts_ms >= ?", f.from).opt("a.ts_ms < ?", f.to);
  equal(where, "a.intent_id", f.intentId);
  return where.opt(AUDIT_MATCH, f.match);
}

/**
 * The filter as SQL over `audit_events a LEFT JOIN intents i`, shared by the page and
 * the export. The structured filters on the event become "combo in (the combos that
 * match)", so the page is a walk down audit_by_time whatever the combination; those on
 * the intent are checked on the joined row. Null when no combo can match.
 */
export function auditWhere(
  f: AuditFilter,
  combos: ReadonlyMap<number, Combo>,
  pass?: Uint8Array,
): Where | null {
  const where = baseWhere(f);
  equal(where, "i.capability", f.capability);
  equal(where, "i.domain", f.domain);
  equal(where, "i.signer", f.signer);
  if (hasComboFilter(f)) {
    const ids: number[] = [];
    for (const [id, c] of combos) if (pass ? pass[id] === 1 : comboMatches(c, f)) ids.push(id);
    if (ids.length === 0) return null;
    where.add("a.combo IN (SELECT value FROM json_each(?))", JSON.stringify(ids));
  }
  return where;
}

/** Rows to API items; each row carries its decisions. */
export function auditItems(rows: readonly AuditRow[]): AuditEventItem[] {
  return rows.map((r) => ({
    id: r.id,
    intentId: r.intent_id,
    capability: r.capability,
    domain: r.domain,
    signer: r.signer,
    signatureState: oneOf(SIGNATURE_VERDICTS, r.signature_state),
    channel: oneOfOr(CHANNELS, r.channel, "security"),
    securityType: r.security_type,
    executorId: r.executor_id,
    resultStatus: r.result_status,
    status: r.status_norm,
    decision: oneOfOr(DECISIONS, r.decision, "none"),
    timestampNs: r.timestamp_ns,
    tsMs: r.ts_ms,
    sandboxMode: r.sandbox_mode,
    cgroupPath: r.cgroup_path,
    landlock: r.landlock !== 0,
    seccomp: r.seccomp !== 0,
    decisions: parseDecisions(r.decisions).map((d) => ({
      ruleName: d.rule_name,
      decision: d.decision,
      reason: d.reason,
    })),
    resourceUsage: apiJson(r.resource_usage),
    securityContext: apiJson(r.security_context),
    stream: r.stream,
    seq: r.seq,
  }));
}

/** Newest first, with facet counts over the whole range the filter matches. */
export function searchAudit(ctx: ReadContext, f: AuditFilter): AuditPage {
  return ctx.snapshot(() => {
    const combos = readCombos(ctx);
    const seq = ctx.seqs();
    const cols = auditColumns(ctx);
    const { counts, rows } =
      f.intentId === undefined ? fromColumns(ctx, f, combos) : byIntent(ctx, f, combos);
    const { total, facets } = auditFacets(counts, cols, combos, f);
    const shown = rows.slice(0, f.limit);
    const last = shown.at(-1);
    return {
      items: auditItems(shown),
      nextCursor: rows.length > f.limit && last ? encodeCursor([last.ts_ms, last.id]) : null,
      seq,
      total,
      facets,
    };
  });
}

/** Events per pair id for a filter on one intent (few events: SQL reads them). */
function intentCounts(ctx: ReadContext, f: AuditFilter): Int32Array {
  const cols = auditColumns(ctx);
  const where = baseWhere(f);
  const found = ctx
    .stmt<{ combo: number; capability: string | null; domain: string; signer: string; n: number }>(
      `SELECT a.combo, i.capability, i.domain, i.signer, count(*) AS n
      FROM audit_events a LEFT JOIN intents i ON i.id = a.intent_id ${where.sql}
      GROUP BY a.combo, i.capability, i.domain, i.signer`,
    )
    .all(...where.params);
  const ids = found.map((r) =>
    cols.pairs.idOf(
      r.combo,
      r.capability === null ? 0 : cols.facts.idOf(r.capability, r.domain, r.signer),
    ),
  );
  const counts = new Int32Array(cols.pairs.size);
  found.forEach((r, k) => {
    const p = ids[k] ?? 0;
    counts[p] = (counts[p] ?? 0) + r.n;
  });
  return counts;
}

/** One intent's events: few, so SQL counts and pages them through the intent index. */
function byIntent(ctx: ReadContext, f: AuditFilter, combos: ReadonlyMap<number, Combo>) {
  const counts = intentCounts(ctx, f);
  const where = auditWhere(f, combos);
  if (!where) return { counts, rows: [] };
  if (f.after) where.add("(a.ts_ms, a.id) < (?, ?)", f.after[0], f.after[1]);
  const rows = ctx
    .stmt<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_events a LEFT JOIN intents i ON i.id = a.intent_id
      ${where.sql} ORDER BY a.ts_ms DESC, a.id DESC LIMIT ?`,
    )
    .all(...where.params, f.limit + 1);
  return { counts, rows };
}
