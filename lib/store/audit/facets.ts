import "server-only";
import type { AuditList } from "@/lib/contract/audit";
import type { Facet } from "@/lib/contract/list";
import { COMBO_ROWS_SQL, createComboReader, type Combo, type ComboRow } from "./combos";
import type { AuditColumns } from "./columns";
import type { IntentFacts } from "./pairs";
import { AUDIT_COMBO_LIMIT, AUDIT_DOC_SHIFT } from "../core/fts-docs";
import { allOf, type AuditFilter } from "./filter";
import type { ReadContext } from "../core/read-context";

type Facets = AuditList["facets"];
type Dim = keyof Facets;
/** Filter dimensions in bit order: the event's own facts, then its intent's. */
const DIMS = [
  "executor",
  "status",
  "decision",
  "sandbox",
  "rule",
  "capability",
  "domain",
  "signer",
] as const;
type FilterDim = (typeof DIMS)[number];

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

/** Every value given must equal the fact (a field given twice must match both). */
const each = (wanted: AuditFilter[FilterDim], fact: string | undefined) =>
  allOf(wanted).every((v) => v === fact);

/**
 * Whether an event with these facts passes the filter on one dimension (no filter:
 * passes). An event whose intent is unknown passes no intent filter.
 */
function passes(c: Combo, i: IntentFacts | null, f: AuditFilter, dim: FilterDim | "channel") {
  switch (dim) {
    case "executor":
      return each(f.executor, c.executor);
    case "status":
      return each(f.status, c.status);
    case "decision":
      return each(f.decision, c.decision);
    case "sandbox":
      return each(f.sandbox, c.sandbox);
    case "rule":
      return allOf(f.rule).every((r) => c.rules.includes(r));
    case "channel":
      return each(f.channel, c.channel);
    case "capability":
      return each(f.capability, i?.capability);
    case "domain":
      return each(f.domain, i?.domain);
    case "signer":
      return each(f.signer, i?.signer);
  }
}

export function hasComboFilter(f: AuditFilter): boolean {
  return [f.executor, f.status, f.decision, f.sandbox, f.rule, f.channel].some(
    (v) => v !== undefined,
  );
}

export function hasIntentFilter(f: AuditFilter): boolean {
  return [f.capability, f.domain, f.signer].some((v) => v !== undefined);
}

const COMBO_DIMS = ["channel", "executor", "status", "decision", "sandbox", "rule"] as const;

export function comboMatches(c: Combo, f: AuditFilter): boolean {
  return COMBO_DIMS.every((d) => passes(c, null, f, d));
}

/** By combo id: 1 when the combo passes every filter on the event's own facts. */
export function comboPass(combos: ReadonlyMap<number, Combo>, f: AuditFilter): Uint8Array {
  const pass = new Uint8Array(AUDIT_COMBO_LIMIT);
  for (const [id, c] of combos) if (id < AUDIT_COMBO_LIMIT && comboMatches(c, f)) pass[id] = 1;
  return pass;
}

/** By pair id: 1 when the pair passes every filter. */
export function pairPass(
  cols: AuditColumns,
  combos: ReadonlyMap<number, Combo>,
  f: AuditFilter,
): Uint8Array {
  const { pairs, facts } = cols;
  const pass = new Uint8Array(pairs.size);
  const own = comboPass(combos, f);
  const intentFiltered = hasIntentFilter(f);
  for (let p = 0; p < pairs.size; p++) {
    const combo = pairs.combo[p] ?? 0;
    if (own[combo] !== 1) continue;
    if (intentFiltered) {
      const c = combos.get(combo);
      const i = facts.get(pairs.fact[p] ?? 0);
      if (!c || !(["capability", "domain", "signer"] as const).every((d) => passes(c, i, f, d)))
        continue;
    }
    pass[p] = 1;
  }
  return pass;
}

/** Full-text matches: distinct event ids, ascending. */
export interface TextMatches {
  ids: Float64Array;
}

/**
 * Every audit event whose current or earlier document matches, from the FTS index alone:
 * a document's rowid carries its event id (see fts-docs.ts), and the versions of one
 * event's document are adjacent rowids, so one ordered pass removes repeats. A common
 * word matches hundreds of thousands of documents: the shift is done in SQL (whole
 * rowids, above 2^31, would be a heap number each) and the ids go to a typed array
 * (pushing them onto a growing array took ~15 ms for 150,000).
 */
export function textMatches(
  ctx: ReadContext,
  match: string,
  [lo, hi]: readonly [number, number],
): TextMatches {
  // Only the documents of events in [lo, hi) (the blocks a time range touches) are read.
  const events = ctx
    .stmt<number>(
      `SELECT rowid >> ${AUDIT_DOC_SHIFT} FROM audit_fts WHERE audit_fts MATCH ?
      AND rowid >= (? << ${AUDIT_DOC_SHIFT}) AND rowid < (? << ${AUDIT_DOC_SHIFT}) ORDER BY rowid`,
    )
    .pluck()
    .all(match, lo, hi);
  const ids = new Float64Array(events.length);
  let n = 0;
  let last = -1;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i] ?? -1;
    if (ev === last) continue;
    last = ev;
    ids[n++] = ev;
  }
  return { ids: ids.subarray(0, n) };
}

function sorted(m: ReadonlyMap<string, number>): Facet {
  return [...m]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** Bit per dimension of DIMS: set when the facts pass the filter on it. */
function passMask(c: Combo, i: IntentFacts | null, f: AuditFilter): number {
  let mask = 0;
  for (let d = 0; d < DIMS.length; d++) {
    const dim = DIMS[d];
    if (dim && passes(c, i, f, dim)) mask |= 1 << d;
  }
  return mask;
}

const ALL_DIMS = (1 << DIMS.length) - 1;
const bit = (dim: FilterDim) => 1 << DIMS.indexOf(dim);

/**
 * The total (every filter) and the facets over the whole range, from events per pair.
 * Each facet applies every filter but its own, so the values beside a selected one stay
 * visible with their counts (disjunctive facets, as search UIs show them). Events whose
 * intent is not indexed count in no capability or domain.
 */
export function auditFacets(
  counts: Int32Array,
  cols: Pick<AuditColumns, "pairs" | "facts">,
  combos: ReadonlyMap<number, Combo>,
  f: AuditFilter,
): { total: number; facets: Facets } {
  const maps: Record<Dim, Map<string, number>> = {
    executor: new Map(),
    status: new Map(),
    decision: new Map(),
    sandbox: new Map(),
    rule: new Map(),
    capability: new Map(),
    domain: new Map(),
  };
  const bump = (dim: Dim, value: string, n: number) =>
    maps[dim].set(value, (maps[dim].get(value) ?? 0) + n);
  let total = 0;
  for (let p = 0; p < counts.length; p++) {
    const n = counts[p] ?? 0;
    if (n === 0) continue;
    const c = combos.get(cols.pairs.combo[p] ?? 0);
    const i = cols.facts.get(cols.pairs.fact[p] ?? 0);
    if (!c || !passes(c, i, f, "channel")) continue;
    const mask = passMask(c, i, f);
    // A facet counts the pair when every other dimension passes.
    if (mask === ALL_DIMS) total += n;
    if ((mask | bit("executor")) === ALL_DIMS) bump("executor", c.executor, n);
    if ((mask | bit("status")) === ALL_DIMS) bump("status", c.status, n);
    if ((mask | bit("decision")) === ALL_DIMS) bump("decision", c.decision, n);
    if ((mask | bit("sandbox")) === ALL_DIMS) bump("sandbox", c.sandbox, n);
    if ((mask | bit("rule")) === ALL_DIMS) for (const r of c.rules) bump("rule", r, n);
    if (i && (mask | bit("capability")) === ALL_DIMS) bump("capability", i.capability, n);
    if (i && (mask | bit("domain")) === ALL_DIMS) bump("domain", i.domain, n);
  }
  return {
    total,
    facets: {
      executor: sorted(maps.executor),
      status: sorted(maps.status),
      decision: sorted(maps.decision),
      sandbox: sorted(maps.sandbox),
      rule: sorted(maps.rule),
      capability: sorted(maps.capability),
      domain: sorted(maps.domain),
    },
  };
}
