import { describe, expect, it } from "vitest";
import { Prng } from "@/lib/testing/demo/prng";
import { BLOCK, type AuditColumns } from "./columns";
import { FactDictionary, NO_INTENT, PairDictionary } from "./pairs";
import { countsInRange } from "./ranges";
import { SealCounts } from "./seal-counts";
import { SEAL } from "./sealed-blocks";

// Three and a half blocks of SEAL ids with holes, times mostly rising with the ids but
// with stragglers (an hour back), 40 combos and facts that become known later.
const IDS = Math.floor(3.5 * SEAL);
const HOUR = 3_600_000;

function columns(): AuditColumns & { setFact(id: number, fact: number): void } {
  const prng = Prng.derive(21, "seal-counts");
  const ts = new Float64Array(IDS).fill(NaN);
  const combo = new Int32Array(IDS);
  const pair = new Int32Array(IDS);
  const blocks = Math.ceil(IDS / BLOCK);
  const blockMin = new Float64Array(blocks).fill(NaN);
  const blockMax = new Float64Array(blocks).fill(NaN);
  const blockCount = new Int32Array(blocks);
  const pairs = new PairDictionary();
  const facts = new FactDictionary();
  let totals = new Int32Array(0);
  const count = (p: number, n: number) => {
    if (p >= totals.length) {
      const grown = new Int32Array(p + 64);
      grown.set(totals);
      totals = grown;
    }
    totals[p] = (totals[p] ?? 0) + n;
  };
  for (let id = 1; id < IDS; id++) {
    if (prng.chance(0.05)) continue;
    const t = 1_000_000 + id * 60_000 - (prng.chance(0.02) ? HOUR : 0);
    const c = 1 + prng.int(0, 39);
    const p = pairs.idOf(c, NO_INTENT);
    ts[id] = t;
    combo[id] = c;
    pair[id] = p;
    count(p, 1);
    const b = Math.floor(id / BLOCK);
    blockCount[b] = (blockCount[b] ?? 0) + 1;
    if (!((blockMin[b] ?? NaN) <= t)) blockMin[b] = t;
    if (!((blockMax[b] ?? NaN) >= t)) blockMax[b] = t;
  }
  const sealed = new SealCounts();
  sealed.rollComplete(IDS, ts, combo, pair, pairs.size);
  const cols = {
    end: IDS,
    ts,
    combo,
    pair,
    blockMin,
    blockMax,
    blockCount,
    get totals() {
      return totals;
    },
    pairs,
    facts,
    sealed,
    setFact(id: number, fact: number) {
      const next = pairs.idOf(combo[id] ?? 0, fact);
      const old = pair[id] ?? 0;
      count(old, -1);
      count(next, 1);
      pair[id] = next;
      sealed.move(id, old, next);
    },
  };
  return cols;
}

/** Events per pair in [from, to), one event at a time. */
function byHand(c: AuditColumns, from: number, to: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let id = 0; id < c.end; id++) {
    const t = c.ts[id] ?? NaN;
    if (t >= from && t < to) out.set(c.pair[id] ?? 0, (out.get(c.pair[id] ?? 0) ?? 0) + 1);
  }
  return out;
}

const nonZero = (counts: Int32Array) => new Map([...counts.entries()].filter(([, n]) => n !== 0));

describe("counts over a range add the complete blocks' rolled-up counts", () => {
  const cols = columns();
  const at = (id: number) => 1_000_000 + id * 60_000;
  const ranges: [string, number, number][] = [
    ["one whole block and parts of two", at(SEAL / 2), at(2 * SEAL + 100)],
    ["two whole blocks, edges cut by stragglers", at(SEAL) - HOUR / 2, at(3 * SEAL) + HOUR / 2],
    ["everything but the tail", 0, at(3 * SEAL)],
    ["inside one block", at(SEAL + 10), at(SEAL + 5000)],
  ];

  it.each(ranges)("%s: the same counts as event by event", (_name, from, to) => {
    expect(nonZero(countsInRange(cols, { from, to }))).toEqual(byHand(cols, from, to));
  });

  it("stays exact when events move to other pairs (their intents indexed later)", () => {
    const prng = Prng.derive(5, "moves");
    const facts = [cols.facts.idOf("fs.read", "a.example", "k1"), cols.facts.idOf("http.get", "b.example", "k2")];
    for (let k = 0; k < 20_000; k++) {
      const id = prng.int(1, IDS - 1);
      if ((cols.combo[id] ?? 0) !== 0) cols.setFact(id, facts[k % 2] ?? 0);
    }
    for (const [, from, to] of ranges) {
      expect(nonZero(countsInRange(cols, { from, to }))).toEqual(byHand(cols, from, to));
    }
  });

  it("uses the rolled-up counts (a block whose counts were tampered with shows it)", () => {
    const from = 0;
    const to = at(3 * SEAL);
    const before = countsInRange(cols, { from, to });
    let someId = SEAL + 7;
    while ((cols.combo[someId] ?? 0) === 0 || cols.pair[someId] === cols.pair[someId + 1]) someId++;
    const [was, other] = [cols.pair[someId] ?? 0, cols.pair[someId + 1] ?? 0];
    // A move recorded in the roll-up only: the event-by-event arrays do not know of it.
    cols.sealed.move(someId, was, other);
    const after = countsInRange(cols, { from, to });
    expect(after[other]).toBe((before[other] ?? 0) + 1);
    cols.sealed.move(someId, other, was);
  });
});
