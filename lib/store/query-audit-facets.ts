import "server-only";
import type { AuditList } from "@/lib/queries/audit-schema";
import type { Facet } from "@/lib/queries/list-schema";
import {
  COMBO_ROWS_SQL,
  createComboReader,
  HOUR_MS,
  MINUTE_MS,
  type Combo,
  type ComboRow,
} from "./audit-combos";
import { AUDIT_MATCH, AUDIT_MATCH_COMBOS } from "./fts-docs";
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

/** Events per combo over [from, to): rollup buckets inside, index scan at the ragged ends. */
function rangeCounts(ctx: ReadContext, from: number, to: number, into: Map<number, number>): void {
  const add = (rows: readonly { combo: number; n: number }[]) => {
    for (const r of rows) into.set(r.combo, (into.get(r.combo) ?? 0) + r.n);
  };
  const raw = (a: number, b: number) => {
    if (a >= b) return;
    add(
      ctx
        .stmt<{ combo: number; n: number }>(
          `SELECT combo, count(*) AS n FROM audit_events
          WHERE ts_ms >= ? AND ts_ms < ? GROUP BY combo`,
        )
        .all(a, b),
    );
  };
  const buckets = (table: string, size: number, a: number, b: number) => {
    if (a >= b) return;
    add(
      ctx
        .stmt<{ combo: number; n: number }>(
          `SELECT combo, sum(n) AS n FROM ${table}
          WHERE bucket >= ? AND bucket < ? GROUP BY combo`,
        )
        .all(a / size, b / size),
    );
  };
  const up = (t: number, size: number) => Math.ceil(t / size) * size;
  const down = (t: number, size: number) => Math.floor(t / size) * size;
  const m0 = up(from, MINUTE_MS);
  const m1 = down(to, MINUTE_MS);
  if (m0 >= m1) return raw(from, to);
  const h0 = up(from, HOUR_MS);
  const h1 = down(to, HOUR_MS);
  raw(from, m0);
  raw(m1, to);
  if (h0 >= h1) return buckets("audit_counts_minute", MINUTE_MS, m0, m1);
  buckets("audit_counts_minute", MINUTE_MS, m0, h0);
  buckets("audit_counts_minute", MINUTE_MS, h1, m1);
  buckets("audit_counts_hour", HOUR_MS, h0, h1);
}

/**
 * Above this many full-text matches, a page or a ranged count walks audit_by_time and
 * probes the match set; below, it looks the matches up by id and sorts them.
 */
export const WALK_THRESHOLD = 2_000;

/** Events per combo among all full-text matches, from the FTS index alone (see fts-docs.ts). */
function allMatchCounts(ctx: ReadContext, match: string, into: Map<number, number>): number {
  let matched = 0;
  for (const r of ctx
    .stmt<{ combo: number; n: number }>(
      `SELECT combo, count(DISTINCT ev) AS n FROM (${AUDIT_MATCH_COMBOS}) GROUP BY combo`,
    )
    .all(match)) {
    into.set(r.combo, r.n);
    matched += r.n;
  }
  return matched;
}

/** Events per combo among those a time range and a full-text or intent filter select. */
function filteredCounts(
  ctx: ReadContext,
  f: AuditFilter,
  walk: boolean,
  into: Map<number, number>,
) {
  const where = new Where()
    .opt("a.ts_ms >= ?", f.from)
    .opt("a.ts_ms < ?", f.to)
    .opt("a.intent_id = ?", f.intentId)
    .opt(AUDIT_MATCH, f.match);
  const rows = ctx
    .stmt<{ combo: number; n: number }>(
      `SELECT a.combo, count(*) AS n FROM audit_events a ${walk ? "INDEXED BY audit_by_time" : ""}
       ${where.sql} GROUP BY a.combo`,
    )
    .all(...where.params);
  for (const r of rows) into.set(r.combo, r.n);
}

/** Counts per combo for the filter's range, text and intent (the dimensions come later). */
function countsFor(
  ctx: ReadContext,
  f: AuditFilter,
): { counts: Map<number, number>; walk: boolean } {
  const counts = new Map<number, number>();
  if (f.intentId !== undefined) {
    filteredCounts(ctx, f, false, counts);
    return { counts, walk: false };
  }
  if (f.match === undefined) {
    rangeCounts(ctx, f.from ?? 0, f.to ?? Number.MAX_SAFE_INTEGER, counts);
    return { counts, walk: false };
  }
  const matched = allMatchCounts(ctx, f.match, counts);
  const walk = matched > WALK_THRESHOLD;
  if (f.from !== undefined || f.to !== undefined) {
    counts.clear();
    filteredCounts(ctx, f, walk, counts);
  }
  return { counts, walk };
}

function sorted(m: ReadonlyMap<string, number>): Facet {
  return [...m]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/**
 * The total (every filter) and the facets over the whole range. Each facet applies
 * every filter but its own, so the values beside a selected one stay visible with
 * their counts (disjunctive facets, as search UIs show them). `walk` tells the page
 * query which plan suits the full-text match count.
 */
export function auditFacets(
  ctx: ReadContext,
  f: AuditFilter,
  combos: ReadonlyMap<number, Combo>,
): { total: number; facets: Facets; walk: boolean } {
  const { counts, walk } = countsFor(ctx, f);

  const tallies = new Map<Dim, Map<string, number>>(DIMS.map((d) => [d, new Map()]));
  const bump = (dim: Dim, value: string, n: number) => {
    const m = tallies.get(dim);
    m?.set(value, (m.get(value) ?? 0) + n);
  };
  let total = 0;
  for (const [id, n] of counts) {
    const c = combos.get(id);
    if (!c || !passes(c, f, "channel")) continue;
    const ok = DIMS.map((d) => passes(c, f, d));
    const others = (i: number) => ok.every((v, j) => j === i || v);
    if (ok.every(Boolean)) total += n;
    if (others(0)) bump("executor", c.executor, n);
    if (others(1)) bump("status", c.status, n);
    if (others(2)) bump("decision", c.decision, n);
    if (others(3)) bump("sandbox", c.sandbox, n);
    if (others(4)) for (const r of c.rules) bump("rule", r, n);
  }
  const facet = (d: Dim) => sorted(tallies.get(d) ?? new Map());
  return {
    total,
    walk,
    facets: {
      executor: facet("executor"),
      status: facet("status"),
      decision: facet("decision"),
      sandbox: facet("sandbox"),
      rule: facet("rule"),
    },
  };
}
