import "server-only";
import {
  DECISIONS,
  SIGNATURE_VERDICTS,
  type AuditGroup,
  type AuditGroups,
} from "@/lib/contract/audit";
import type { AuditFilter } from "./filter";
import { intentColumn } from "./intent-column";
import { eachMatch, isMatch, selectAudit, type AuditSelection } from "./select";
import { BLOCK } from "./columns";
import { idBlocks, isAllTime } from "./ranges";
import { NewestK } from "../core/newest-k";
import { encodeCursor } from "@/lib/contract/page-cursor";
import type { ReadContext } from "../core/read-context";
import { oneOf, oneOfOr } from "../core/row-values";
import { parseDecisions } from "./rows";
import { payloadColumns } from "./payload-columns";
import { readPayloads } from "./payload-store";

/** Worse decisions rank higher: deny > transform > allow > none. */
const RANK: Record<string, number> = { none: 0, allow: 1, transform: 2, deny: 3 };

interface EventRow {
  id: number;
  intent_id: string;
  channel: string;
  decision: string;
  status_norm: string;
  timestamp_ns: string;
  ts_ms: number;
}

interface IntentRow {
  id: string;
  capability: string | null;
  domain: string | null;
  signer: string | null;
  signature_state: string | null;
}

/**
 * The matching events grouped by intent, newest group (by its newest match) first, paged
 * by that newest match's (time, id). The page walks the matches newest first and stops
 * once no older event can change it (see `newestGroups`); the shown groups' counts come
 * from their own events, read from SQLite with their details; the total is one pass over
 * the matches' group numbers, or a count kept as events arrive when nothing is filtered.
 */
export function auditGroups(ctx: ReadContext, f: AuditFilter): AuditGroups {
  return ctx.snapshot(() => {
    const seq = ctx.seqs();
    const sel = selectAudit(ctx, f);
    const groups = intentColumn(ctx, sel.cols);
    const lasts = newestGroups(sel, groups.first, f.limit + 1, f.after);
    const shown = lasts.slice(0, f.limit);
    const intentOf = intentIds(ctx, shown);
    const details = groupDetails(ctx, [...intentOf.values()], (id) => isMatch(sel, id));
    const items = shown.flatMap((last): AuditGroup[] => {
      const d = details.get(intentOf.get(last) ?? "");
      return d ? [d] : [];
    });
    const lastShown = shown.at(-1);
    return {
      items,
      nextCursor:
        lasts.length > f.limit && lastShown !== undefined
          ? encodeCursor([sel.cols.ts[lastShown] ?? 0, lastShown])
          : null,
      seq,
      total: selectsAll(sel) ? groups.count : distinctGroups(sel, groups.first),
    };
  });
}

/** Whether the selection is every event (no filter, all time). */
function selectsAll(sel: AuditSelection): boolean {
  return sel.only === null && isAllTime(sel.range) && sel.pass.every((p) => p === 1);
}

/** How many groups the matches fall into: a bit per group, set as matches are passed. */
function distinctGroups(sel: AuditSelection, first: Int32Array): number {
  const seen = new Uint8Array(sel.cols.end);
  let total = 0;
  eachMatch(sel, (id) => {
    const g = first[id] ?? 0;
    if (g !== 0 && seen[g] === 0) {
      seen[g] = 1;
      total++;
    }
  });
  return total;
}

/**
 * The last (newest) match of each of the `k` newest groups before the cursor, newest
 * first. Matches are walked from the highest id down (ids follow arrival, so mostly
 * newest first) keeping each group's newest match; the walk stops once the k-th newest
 * group's newest match is newer than every event not yet walked (the block time
 * summaries bound them), as no older event can then change the page. A group whose
 * newest match is at or after the cursor was on an earlier page and is left out.
 */
function newestGroups(
  sel: AuditSelection,
  first: Int32Array,
  k: number,
  after: readonly [number, number] | undefined,
): number[] {
  const newest = new Map<number, [number, number]>();
  const [at, aid] = after ?? [Infinity, Infinity];
  const below = (t: number, id: number) => t < at || (t === at && id < aid);
  const top = (): number[] => {
    const heap = new NewestK(k);
    for (const [t, id] of newest.values()) if (below(t, id)) heap.offer(t, id);
    return heap.ids();
  };
  const offer = (id: number, t: number) => {
    const g = first[id] ?? 0;
    if (g === 0) return;
    const held = newest.get(g);
    if (!held || t > held[0] || (t === held[0] && id > held[1])) newest.set(g, [t, id]);
  };
  if (sel.only) {
    for (let i = sel.only.length - 1; i >= 0; i--) {
      const id = sel.only[i] ?? 0;
      if (isMatch(sel, id)) offer(id, sel.cols.ts[id] ?? 0);
    }
    return top();
  }
  const blocks = [...idBlocks(sel.cols, sel.range)];
  // Newest time of blocks [0, b), so that the walk knows how new the rest can be.
  const olderMax = new Float64Array(blocks.length + 1).fill(-Infinity);
  blocks.forEach(([start], b) => {
    const hi = sel.cols.blockMax[Math.floor(start / BLOCK)] ?? -Infinity;
    olderMax[b + 1] = Math.max(olderMax[b] ?? -Infinity, hi);
  });
  let page: number[] = [];
  for (let b = blocks.length - 1; b >= 0; b--) {
    const [start, stop] = blocks[b] ?? [0, 0];
    const { ts, pair } = sel.cols;
    for (let id = stop - 1; id >= start; id--) {
      if (sel.pass[pair[id] ?? 0] !== 1) continue;
      const t = ts[id] ?? NaN;
      if (t >= sel.range.from && t < sel.range.to) offer(id, t);
    }
    if (newest.size < k) continue;
    page = top();
    const kth = page.at(-1);
    if (page.length === k && kth !== undefined && (sel.cols.ts[kth] ?? 0) > (olderMax[b] ?? -Infinity)) return page;
  }
  return top();
}

/** Event id → its intent id. */
function intentIds(ctx: ReadContext, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = ctx
    .stmt<[number, string]>(
      "SELECT id, intent_id FROM audit_events WHERE id IN (SELECT value FROM json_each(?))",
    )
    .raw()
    .all(JSON.stringify(ids));
  return new Map(rows);
}

/** The intents' facts and their matching events' count, span, decisions, worst verdict and outcome. */
function groupDetails(
  ctx: ReadContext,
  intents: readonly string[],
  matches: (id: number) => boolean,
): Map<string, AuditGroup> {
  const out = new Map<string, AuditGroup>();
  if (intents.length === 0) return out;
  const list = JSON.stringify(intents);
  const facts = new Map(
    ctx
      .stmt<IntentRow>(
        `SELECT id, capability, domain, signer, signature_state FROM intents
        WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .all(list)
      .map((r) => [r.id, r]),
  );
  const rows = ctx
    .stmt<EventRow>(
      `SELECT a.id, a.intent_id, c.channel, c.decision, c.status_norm, a.timestamp_ns, a.ts_ms
      FROM audit_events a CROSS JOIN audit_combos c ON c.id = a.combo
      WHERE a.intent_id IN (SELECT value FROM json_each(?)) ORDER BY a.ts_ms, a.id`,
    )
    .all(list)
    .filter((r) => matches(r.id));
  // The decisions are in the events' payloads (schema-v10.ts).
  const stored = readPayloads(ctx, rows.map((r) => r.id));
  const seen = new Map<string, Set<string>>();
  for (const r of rows) {
    const i = facts.get(r.intent_id);
    let g = out.get(r.intent_id);
    if (!g) {
      g = {
        intentId: r.intent_id,
        capability: i?.capability ?? null,
        domain: i?.domain ?? null,
        signer: i?.signer ?? null,
        signatureState: oneOf(SIGNATURE_VERDICTS, i?.signature_state ?? null),
        decision: "none",
        decisions: [],
        status: r.status_norm,
        lastTimestampNs: r.timestamp_ns,
        events: 0,
        firstTsMs: r.ts_ms,
        lastTsMs: r.ts_ms,
      };
      out.set(r.intent_id, g);
      seen.set(r.intent_id, new Set());
    }
    // Rows come oldest first: the last one seen is the group's newest.
    g.events++;
    g.lastTsMs = r.ts_ms;
    g.status = r.status_norm;
    g.lastTimestampNs = r.timestamp_ns;
    const decision = oneOfOr(DECISIONS, r.decision, "none");
    if ((RANK[decision] ?? 0) > (RANK[g.decision] ?? 0)) g.decision = decision;
    const keys = seen.get(r.intent_id) ?? new Set<string>();
    for (const d of parseDecisions(payloadColumns(stored.get(r.id), r.channel).decisions)) {
      const key = JSON.stringify([d.rule_name, d.decision, d.reason]);
      if (keys.has(key)) continue;
      keys.add(key);
      g.decisions.push({ ruleName: d.rule_name, decision: d.decision, reason: d.reason });
    }
  }
  return out;
}
