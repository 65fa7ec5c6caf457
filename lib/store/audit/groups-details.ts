import "server-only";
import { DECISIONS, SIGNATURE_VERDICTS, type AuditGroup } from "@/lib/contract/audit";
import type { ReadContext } from "../core/read-context";
import { oneOf, oneOfOr } from "../core/row-values";
import { parseDecisions } from "./rows";
import { payloadColumns } from "./payload-columns";
import { readPayloads } from "./payload-store";

// The shown groups' details, read from SQLite: few intents, through the intent index.

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

/** The event ids of these intents. */
export function eventIdsOf(ctx: ReadContext, intents: readonly string[]): number[] {
  if (intents.length === 0) return [];
  return ctx
    .stmt<number>("SELECT id FROM audit_events WHERE intent_id IN (SELECT value FROM json_each(?))")
    .pluck()
    .all(JSON.stringify(intents));
}

/** Event id → its intent id. */
export function intentIds(ctx: ReadContext, ids: readonly number[]): Map<number, string> {
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
export function groupDetails(
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
