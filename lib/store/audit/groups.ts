import "server-only";
import {
  DECISIONS,
  SIGNATURE_VERDICTS,
  type AuditGroup,
  type AuditGroups,
} from "@/lib/contract/audit";
import type { AuditFilter } from "./filter";
import { intentColumn } from "./intent-column";
import { eachMatch, isMatch, selectAudit } from "./select";
import { NewestK } from "../core/newest-k";
import { encodeCursor } from "@/lib/contract/page-cursor";
import type { ReadContext } from "../core/read-context";
import { oneOf, oneOfOr } from "../core/row-values";
import { parseDecisions } from "./rows";

/** Worse decisions rank higher: deny > transform > allow > none. */
const RANK: Record<string, number> = { none: 0, allow: 1, transform: 2, deny: 3 };

interface EventRow {
  id: number;
  intent_id: string;
  decision: string;
  status_norm: string;
  timestamp_ns: string;
  decisions: string;
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
 * by that newest match's (time, id). Counting is a pass over the in-memory columns; only
 * the page's groups are read from SQLite.
 */
export function auditGroups(ctx: ReadContext, f: AuditFilter): AuditGroups {
  return ctx.snapshot(() => {
    const seq = ctx.seqs();
    const sel = selectAudit(ctx, f);
    const { first } = intentColumn(ctx, sel.cols);
    // Per group, indexed by its intent's first event id (see intent-column.ts).
    const n = sel.cols.end;
    const events = new Int32Array(n);
    const firstTs = new Float64Array(n);
    const lastTs = new Float64Array(n);
    const lastId = new Int32Array(n);
    eachMatch(sel, (id, t) => {
      const g = first[id] ?? 0;
      if (g === 0) return;
      const seen = events[g] ?? 0;
      events[g] = seen + 1;
      if (seen === 0 || t < (firstTs[g] ?? 0)) firstTs[g] = t;
      // Ids ascend, so an equal time from a later id is the newer event.
      if (seen === 0 || t >= (lastTs[g] ?? 0)) {
        lastTs[g] = t;
        lastId[g] = id;
      }
    });
    const newest = new NewestK(f.limit + 1);
    const [at, aid] = f.after ?? [Infinity, Infinity];
    let total = 0;
    for (let g = 1; g < n; g++) {
      if ((events[g] ?? 0) === 0) continue;
      total++;
      const t = lastTs[g] ?? 0;
      const id = lastId[g] ?? 0;
      if (t < at || (t === at && id < aid)) newest.offer(t, id);
    }
    const lasts = newest.ids();
    const shown = lasts.slice(0, f.limit);
    const intentOf = intentIds(ctx, shown);
    const details = groupDetails(ctx, [...intentOf.values()], (id) => isMatch(sel, id));
    const items = shown.flatMap((last): AuditGroup[] => {
      const g = first[last] ?? 0;
      const d = details.get(intentOf.get(last) ?? "");
      if (!d) return [];
      return [
        {
          ...d,
          events: events[g] ?? 0,
          firstTsMs: firstTs[g] ?? 0,
          lastTsMs: lastTs[g] ?? 0,
        },
      ];
    });
    const lastShown = shown.at(-1);
    return {
      items,
      nextCursor:
        lasts.length > f.limit && lastShown !== undefined
          ? encodeCursor([sel.cols.ts[lastShown] ?? 0, lastShown])
          : null,
      seq,
      total,
    };
  });
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

type Details = Omit<AuditGroup, "events" | "firstTsMs" | "lastTsMs">;

/** The intents' facts and their matching events' decisions, worst verdict and outcome. */
function groupDetails(
  ctx: ReadContext,
  intents: readonly string[],
  matches: (id: number) => boolean,
): Map<string, Details> {
  const out = new Map<string, Details>();
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
      `SELECT id, intent_id, decision, status_norm, timestamp_ns, decisions FROM audit_events
      WHERE intent_id IN (SELECT value FROM json_each(?)) ORDER BY ts_ms, id`,
    )
    .all(list);
  const seen = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!matches(r.id)) continue;
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
      };
      out.set(r.intent_id, g);
      seen.set(r.intent_id, new Set());
    }
    // Rows come oldest first: the last one seen is the group's newest.
    g.status = r.status_norm;
    g.lastTimestampNs = r.timestamp_ns;
    const decision = oneOfOr(DECISIONS, r.decision, "none");
    if ((RANK[decision] ?? 0) > (RANK[g.decision] ?? 0)) g.decision = decision;
    const keys = seen.get(r.intent_id) ?? new Set<string>();
    for (const d of parseDecisions(r.decisions)) {
      const key = JSON.stringify([d.rule_name, d.decision, d.reason]);
      if (keys.has(key)) continue;
      keys.add(key);
      g.decisions.push({ ruleName: d.rule_name, decision: d.decision, reason: d.reason });
    }
  }
  return out;
}
