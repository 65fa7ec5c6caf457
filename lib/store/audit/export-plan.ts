import "server-only";
import { auditColumns, type AuditColumns } from "./columns";
import { theValue, type AuditFilter } from "./filter";
import { countsInRange, idBlocks, type TimeRange } from "./ranges";
import { comboPass, hasIntentFilter, pairPass, readCombos } from "./facets";
import { idSpan, reachByBlock, textIdsDesc, TEXT_COUNT_BUDGET } from "./text-walk";
import { selectAudit } from "./select";
import { inListOrder } from "./list-order";
import type { ReadContext } from "../core/read-context";

/**
 * What an export will give, fixed when it begins: its matches among the events held then
 * (ids below `end`), each with the facts it had then, handed out in the list's order a
 * few at a time. Rows are found as the download asks for them, so its first byte does not
 * wait for a walk of the history (only a range's count reads the range's blocks).
 */
export interface ExportPlan {
  /** How many events it holds; null when counting them would mean reading them all first. */
  readonly rows: number | null;
  /** Its event ids, newest first. */
  readonly ids: Iterator<number, void, undefined>;
}

/** Call inside `ctx.snapshot`: the columns and counts must be of one moment. */
export function planExport(ctx: ReadContext, f: AuditFilter, textBudget = TEXT_COUNT_BUDGET): ExportPlan {
  const cols = auditColumns(ctx);
  const combos = readCombos(ctx);
  const range: TimeRange = { from: f.from ?? -Infinity, to: f.to ?? Infinity };
  const end = cols.end;
  const pass = pairPass(cols, combos, f);
  const keeps = factsAsNow(cols, f, pass, comboPass(combos, f));
  const { ts, combo } = cols;
  const inRange = (id: number) => {
    const t = ts[id] ?? NaN;
    return t >= range.from && t < range.to;
  };
  const reach = reachByBlock(cols);
  const ordered = (idsDesc: Iterable<number>) => inListOrder(idsDesc, ts, reach);

  if (theValue(f.intentId) !== undefined) {
    // One intent's events are few: selectAudit reads them (and their text) now; counted exactly.
    const only = selectAudit(ctx, f).only ?? [];
    const kept = Array.from(only, Number).filter((id) => keeps(id) && inRange(id)).reverse();
    return { rows: kept.length, ids: ordered(kept) };
  }

  if (f.match !== undefined) {
    // Full text: its matches are only known by reading them. Up to the budget are read
    // now; when that is all of them the count is exact, else it is left out (the
    // download still holds every match, read as it goes).
    const [lo, hi] = idSpan(cols, range);
    const text = textIdsDesc(ctx, f.match, lo, Math.min(hi, end));
    const head: number[] = [];
    let read = 0;
    let whole = true;
    for (;;) {
      if (read >= textBudget) {
        whole = false;
        break;
      }
      const next = text.next();
      if (next.done) break;
      read++;
      if (keeps(next.value) && inRange(next.value)) head.push(next.value);
    }
    const rest = whole ? [] : matching(text, (id) => keeps(id) && inRange(id));
    return { rows: whole ? head.length : null, ids: ordered(chain(head, rest)) };
  }

  // Facts and time alone: counted from the per-pair counts, walked block by block.
  let rows = 0;
  countsInRange(cols, range).forEach((n, p) => {
    if (pass[p] === 1) rows += n;
  });
  const blocks = [...idBlocks(cols, range)].reverse();
  // The walk meets exactly the events counted: it stops at the last, not at the oldest block.
  return { rows, ids: upTo(rows, ordered(scanDesc(blocks, end, ts, combo, range, keeps))) };
}

/**
 * Whether an event's facts pass the filter, as they are now. An event's intent facts
 * change when its intent is indexed after it (it moves to another pair, maybe one made
 * after this moment), so a filter on them reads a copy of the pairs of now; other
 * filters need only its combo, which never changes.
 */
function factsAsNow(
  cols: AuditColumns,
  f: AuditFilter,
  byPair: Uint8Array,
  byCombo: Uint8Array,
): (id: number) => boolean {
  const { combo } = cols;
  if (!hasIntentFilter(f)) return (id) => byCombo[combo[id] ?? 0] === 1;
  const pair = cols.pair.slice(0, cols.end);
  return (id) => byPair[pair[id] ?? 0] === 1;
}

/** The ids below `end` that pass, block by block from the newest; blocks out of the range skipped. */
function* scanDesc(
  blocks: readonly [number, number, boolean][],
  end: number,
  ts: Float64Array,
  combo: Int32Array,
  range: TimeRange,
  keeps: (id: number) => boolean,
): Generator<number, void, undefined> {
  for (const [start, stop, whole] of blocks) {
    for (let id = Math.min(stop, end) - 1; id >= start; id--) {
      // Combo 0: no event has this id.
      if ((combo[id] ?? 0) === 0 || !keeps(id)) continue;
      const t = ts[id] ?? NaN;
      if (whole || (t >= range.from && t < range.to)) yield id;
    }
  }
}

function* matching(ids: Iterator<number, void, undefined>, keep: (id: number) => boolean): Generator<number, void, undefined> {
  for (let n = ids.next(); !n.done; n = ids.next()) if (keep(n.value)) yield n.value;
}

function* upTo(n: number, ids: Iterable<number>): Generator<number, void, undefined> {
  if (n <= 0) return;
  let given = 0;
  for (const id of ids) {
    yield id;
    if (++given >= n) return;
  }
}

function* chain(head: readonly number[], rest: Iterable<number>): Generator<number, void, undefined> {
  yield* head;
  yield* rest;
}
