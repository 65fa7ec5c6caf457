import "server-only";
import type { AuditList } from "@/lib/contract/audit";
import { encodeCursor } from "@/lib/contract/page-cursor";
import type { ReadContext } from "../core/read-context";
import { auditColumns } from "./columns";
import type { Combo } from "./combos";
import { auditFacets, readCombos } from "./facets";
import { theValue, type AuditFilter } from "./filter";
import { fromColumns } from "./page";
import { TEXT_COUNT_BUDGET, textAmong } from "./text-walk";
import { AUDIT_COLUMNS, auditItems, type AuditRow } from "./rows";
import { auditWhere, baseWhere } from "./where";

export type { AuditFilter } from "./filter";
export type AuditPage = AuditList;

/**
 * Newest first, with facet counts over the whole range the filter matches; for a full
 * text query past `budget` matches, counts over the newest matches read, said to be
 * lower bounds (`totalIsLowerBound`).
 */
export function searchAudit(ctx: ReadContext, f: AuditFilter, budget = TEXT_COUNT_BUDGET): AuditPage {
  return ctx.snapshot(() => {
    const combos = readCombos(ctx);
    const seq = ctx.seqs();
    const cols = auditColumns(ctx);
    const { counts, rows, exact } =
      f.intentId === undefined
        ? fromColumns(ctx, f, combos, "auto", budget)
        : byIntent(ctx, f, combos);
    const { total, facets } = auditFacets(counts, cols, combos, f);
    const shown = rows.slice(0, f.limit);
    const last = shown.at(-1);
    return {
      items: auditItems(ctx, shown),
      nextCursor: rows.length > f.limit && last ? encodeCursor([last.ts_ms, last.id]) : null,
      seq,
      total,
      facets,
      ...(exact ? {} : { totalIsLowerBound: true }),
    };
  });
}

/**
 * The filter on one intent without its full text, and the intent's events whose text
 * matches as a condition: SQL would otherwise read every match of the text in the
 * history for the subquery of `AUDIT_MATCH`.
 */
function oneIntent(ctx: ReadContext, f: AuditFilter): { rest: AuditFilter; ids: string | null } {
  const { match, ...rest } = f;
  const intentId = theValue(f.intentId);
  if (match === undefined || intentId === undefined) return { rest: f, ids: null };
  const events =
    intentId === null
      ? []
      : ctx.stmt<number>("SELECT id FROM audit_events WHERE intent_id = ?").pluck().all(intentId);
  return { rest, ids: JSON.stringify([...textAmong(ctx, match, events)]) };
}

const ONLY_IDS = "a.id IN (SELECT value FROM json_each(?))";

/** Events per pair id for a filter on one intent (few events: SQL reads them). */
function intentCounts(ctx: ReadContext, f: AuditFilter, only: string | null): Int32Array {
  const cols = auditColumns(ctx);
  const where = baseWhere(f);
  if (only !== null) where.add(ONLY_IDS, only);
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
function byIntent(ctx: ReadContext, filter: AuditFilter, combos: ReadonlyMap<number, Combo>) {
  const { rest: f, ids } = oneIntent(ctx, filter);
  const counts = intentCounts(ctx, f, ids);
  const where = auditWhere(f, combos);
  if (!where) return { counts, rows: [], exact: true };
  if (ids !== null) where.add(ONLY_IDS, ids);
  if (f.after) where.add("(a.ts_ms, a.id) < (?, ?)", f.after[0], f.after[1]);
  const rows = ctx
    .stmt<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_events a LEFT JOIN intents i ON i.id = a.intent_id
      ${where.sql} ORDER BY a.ts_ms DESC, a.id DESC LIMIT ?`,
    )
    .all(...where.params, f.limit + 1);
  return { counts, rows, exact: true };
}
