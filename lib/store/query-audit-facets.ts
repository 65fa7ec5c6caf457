import "server-only";
import type { AuditList } from "@/lib/queries/audit-schema";
import type { Facet } from "@/lib/queries/list-schema";
import { COMBO_ROWS_SQL, createComboReader, type Combo, type ComboRow } from "./audit-combos";
import { isAllTime, type AuditColumns, type TimeRange } from "./audit-columns";
import { AUDIT_COMBO_LIMIT, AUDIT_DOC_SHIFT, AUDIT_MATCH, DOC_VERSIONS } from "./fts-docs";
import type { AuditFilter } from "./query-audit";
import type { ReadContext } from "./read-context";
import { Where } from "./row-values";

type Facets = AuditList["facets"];
type Dim = keyof Facets;
const DIMS: readonly Dim[] = ["executor", "status", "decision", "sandbox", "rule"];

const readers = new WeakMap<ReadContext, ReturnType<typeof createComboReader>>();

/** The combo dictionary (id → facts), new entries read on every call. */
export function readCombos(ctx: ReadContext): ReadonlyMap<number, Combo> {
  let reader = readers.get(ctx);
  if (!reader) {
    reader = createComboReader();
    readers.set(ctx, reader);
  }
  return reader.all((after) => ctx.stmt<ComboRow>(COMBO_ROWS_SQL).all(after));
}

/** Whether a combo passes the filter on one dimension (undefined filter: passes). */
function passes(c: Combo, f: AuditFilter, dim: Dim | "channel"): boolean {
  switch (dim) {
    case "executor":
      return f.executor === undefined || c.executor === f.executor;
    case "status":
      return f.status === undefined || c.status === f.status;
    case "decision":
      return f.decision === undefined || c.decision === f.decision;
    case "sandbox":
      return f.sandbox === undefined || c.sandbox === f.sandbox;
    case "rule":
      return f.rule === undefined || c.rules.includes(f.rule);
    case "channel":
      return f.channel === undefined || c.channel === f.channel;
  }
}

export function hasComboFilter(f: AuditFilter): boolean {
  return [f.executor, f.status, f.decision, f.sandbox, f.rule, f.channel].some(
    (v) => v !== undefined,
  );
}

export function comboMatches(c: Combo, f: AuditFilter): boolean {
  return passes(c, f, "channel") && DIMS.every((d) => passes(c, f, d));
}

/** By combo id: 1 when the combo passes every structured filter. */
export function comboPass(combos: ReadonlyMap<number, Combo>, f: AuditFilter): Uint8Array {
  const pass = new Uint8Array(AUDIT_COMBO_LIMIT);
  for (const [id, c] of combos) if (id < AUDIT_COMBO_LIMIT && comboMatches(c, f)) pass[id] = 1;
  return pass;
}

/** Full-text matches: distinct event ids, ascending, each with its combo. */
export interface TextMatches {
  ids: number[];
  combos: number[];
}

const SHIFT = 2 ** AUDIT_DOC_SHIFT;

/**
 * Every audit event whose current or earlier document matches, from the FTS index alone:
 * a document's rowid carries its event id and combo (see fts-docs.ts), and the versions
 * of one event's document are adjacent rowids, so one ordered pass removes repeats.
 */
export function textMatches(ctx: ReadContext, match: string): TextMatches {
  const rowids = ctx
    .stmt<number>("SELECT rowid FROM audit_fts WHERE audit_fts MATCH ? ORDER BY rowid")
    .pluck()
    .all(match);
  const ids: number[] = [];
  const combos: number[] = [];
  let last = -1;
  for (const rowid of rowids) {
    const ev = Math.floor(rowid / SHIFT);
    if (ev === last) continue;
    last = ev;
    ids.push(ev);
    combos.push(Math.floor(rowid / DOC_VERSIONS) % AUDIT_COMBO_LIMIT);
  }
  return { ids, combos };
}

/** Events per combo id among the text matches inside the range. */
export function textCounts(c: AuditColumns, text: TextMatches, r: TimeRange): Int32Array {
  const counts = new Int32Array(AUDIT_COMBO_LIMIT);
  const all = isAllTime(r);
  const { ids, combos } = text;
  for (let i = 0; i < ids.length; i++) {
    const ts = c.ts[ids[i] ?? 0] ?? NaN;
    if (all || (ts >= r.from && ts < r.to)) {
      const k = combos[i] ?? 0;
      counts[k] = (counts[k] ?? 0) + 1;
    }
  }
  return counts;
}

/** Events per combo id for a filter on one intent (few events: SQL reads them). */
export function intentCounts(ctx: ReadContext, f: AuditFilter): Int32Array {
  const where = new Where()
    .opt("a.ts_ms >= ?", f.from)
    .opt("a.ts_ms < ?", f.to)
    .opt("a.intent_id = ?", f.intentId)
    .opt(AUDIT_MATCH, f.match);
  const counts = new Int32Array(AUDIT_COMBO_LIMIT);
  for (const r of ctx
    .stmt<{ combo: number; n: number }>(
      `SELECT a.combo, count(*) AS n FROM audit_events a ${where.sql} GROUP BY a.combo`,
    )
    .all(...where.params)) {
    counts[r.combo] = r.n;
  }
  return counts;
}

function sorted(m: ReadonlyMap<string, number>): Facet {
  return [...m]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** Bit per dimension of DIMS: set when a combo passes the filter on it. */
function passMask(c: Combo, f: AuditFilter): number {
  let mask = 0;
  for (let i = 0; i < DIMS.length; i++) {
    const dim = DIMS[i];
    if (dim && passes(c, f, dim)) mask |= 1 << i;
  }
  return mask;
}

const ALL_DIMS = (1 << DIMS.length) - 1;

/**
 * The total (every filter) and the facets over the whole range, from events per combo.
 * Each facet applies every filter but its own, so the values beside a selected one stay
 * visible with their counts (disjunctive facets, as search UIs show them).
 */
export function auditFacets(
  counts: Int32Array,
  combos: ReadonlyMap<number, Combo>,
  f: AuditFilter,
): { total: number; facets: Facets } {
  const executor = new Map<string, number>();
  const status = new Map<string, number>();
  const decision = new Map<string, number>();
  const sandbox = new Map<string, number>();
  const rule = new Map<string, number>();
  const bump = (m: Map<string, number>, value: string, n: number) =>
    m.set(value, (m.get(value) ?? 0) + n);
  let total = 0;
  for (let id = 0; id < counts.length; id++) {
    const n = counts[id] ?? 0;
    if (n === 0) continue;
    const c = combos.get(id);
    if (!c || !passes(c, f, "channel")) continue;
    const mask = passMask(c, f);
    // A facet counts the combo when every other dimension passes.
    if (mask === ALL_DIMS) total += n;
    if ((mask | 1) === ALL_DIMS) bump(executor, c.executor, n);
    if ((mask | 2) === ALL_DIMS) bump(status, c.status, n);
    if ((mask | 4) === ALL_DIMS) bump(decision, c.decision, n);
    if ((mask | 8) === ALL_DIMS) bump(sandbox, c.sandbox, n);
    if ((mask | 16) === ALL_DIMS) for (const r of c.rules) bump(rule, r, n);
  }
  return {
    total,
    facets: {
      executor: sorted(executor),
      status: sorted(status),
      decision: sorted(decision),
      sandbox: sorted(sandbox),
      rule: sorted(rule),
    },
  };
}
