import "server-only";
import type { AuditList } from "@/lib/contract/audit";
import { encodeCursor } from "@/lib/contract/page-cursor";
import type { ReadContext } from "../core/read-context";
import { auditColumns } from "./columns";
import type { Combo } from "./combos";
import { auditFacets, readCombos } from "./facets";
import type { AuditFilter } from "./filter";
import { fromColumns } from "./page";
import { AUDIT_COLUMNS, auditItems, type AuditRow } from "./rows";
import { auditWhere, baseWhere } from "./where";

export type { AuditFilter } from "./filter";
export type AuditPage = AuditList;

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
      items: auditItems(ctx, shown),
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
