import "server-only";
import type { AuditEvent } from "@/lib/protocol/smith-audit";
import { overallDecision } from "@/lib/protocol/policy-outcome";
import { normalizeExecutionStatus } from "@/lib/protocol/smith-result";
export { overallDecision };
import { createComboWriter } from "./combos";
import { createBlockSealer } from "./sealed-blocks";
import { parseDecisions, type DecisionFacts } from "./rows";
import { payloadColumns } from "./payload-columns";
import { createAuditEventInsert } from "./event-insert";
import { createPayloadWriter } from "./payload-store";
import type { Db } from "../core/db";
import { auditDocRowid, DOC_VERSIONS } from "../core/fts-docs";
import type { IngestRecord } from "../core/types";
import { nsToMs } from "../core/values";

export type AuditChannel = "policy" | "execution" | "security";


function rulesText(decisions: readonly DecisionFacts[]): string {
  return decisions.map((d) => `${d.rule_name} ${d.decision} ${d.reason}`).join(" ");
}

interface DocRow {
  id: number;
  combo: number;
  fts_version: number;
  channel: string;
  executor_id: string;
  search_text: string | null;
  error: string | null;
}

/**
 * Audit events, their policy decisions and their full-text documents. A document holds
 * the event's own text (rules, reasons, executor, cgroup) and its intent's params and
 * its result's error message, so a new version is written when those arrive after it.
 */
export function createAuditWriter(db: Db) {
  const combos = createComboWriter(db);
  const sealer = createBlockSealer(db);
  const payloads = createPayloadWriter(db);
  const events = createAuditEventInsert(db);
  const linked = db.prepare<{ search_text: string | null; error: string | null }>(`SELECT
    (SELECT search_text FROM intents WHERE id = ?) AS search_text,
    (SELECT error_code || ' ' || error_message FROM results WHERE intent_id = ?) AS error`);
  const insertDoc = db.prepare(
    "INSERT INTO audit_fts (rowid, rules, executor, cgroup, params, error) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const bumpVersion = db.prepare("UPDATE audit_events SET fts_version = ? WHERE id = ?");
  const docsOf =
    db.prepare<DocRow>(`SELECT a.id, a.combo, a.fts_version, c.channel, c.executor_id,
      (SELECT search_text FROM intents WHERE id = a.intent_id) AS search_text,
      (SELECT error_code || ' ' || error_message FROM results WHERE intent_id = a.intent_id) AS error
    FROM audit_events a JOIN audit_combos c ON c.id = a.combo WHERE a.intent_id = ?`);
  // The admission (policy channel) verdict is the intent's decision; an execution event
  // fills it in only while the admission entry is missing.
  const linkIntent = db.prepare(`UPDATE intents SET decision = ?, executor_id = ?
    WHERE id = ? AND (? = 'policy' OR decision IS NULL)`);

  return {
    /** Returns false when the event's natural key was already indexed. */
    apply(r: IngestRecord, e: AuditEvent, channel: AuditChannel, securityType: string | null) {
      const ctx = e.security_context;
      const decision = overallDecision(e.policy_decisions);
      const status = normalizeExecutionStatus(e.result_status);
      const sandbox = ctx.sandbox_mode ?? "none";
      const tsMs = nsToMs(e.timestamp_ns);
      const rules = [...new Set(e.policy_decisions.map((d) => d.rule_name))].sort();
      const combo = combos.idFor({
        channel,
        executor: e.executor_id,
        status,
        decision,
        sandbox,
        rules,
      });
      const id = events.insert({
        intentId: e.intent_id,
        channel,
        executor: e.executor_id,
        securityType,
        timestampNs: e.timestamp_ns.toString(),
        tsMs,
        combo,
        stream: r.stream,
        seq: r.seq,
      });
      if (id === null) return false;
      // The message as received: the event's one copy (its shown columns derive from it).
      payloads.keep(id, r.payload, true);
      const link = linked.get(e.intent_id, e.intent_id);
      insertDoc.run(
        auditDocRowid(id, combo, 0),
        rulesText(e.policy_decisions),
        e.executor_id,
        ctx.cgroup_path ?? "",
        link?.search_text ?? "",
        link?.error ?? "",
      );
      if (channel !== "security") {
        linkIntent.run(decision, e.executor_id, e.intent_id, channel);
      }
      return true;
    },

    /** At the end of a write transaction: seals the blocks of ids it completed. */
    seal(): void {
      payloads.flush();
      sealer.seal();
    },

    /** After a rollback or a reset. */
    discard(): void {
      combos.discard();
      payloads.discard();
    },

    /** Around one record's write when records are isolated by savepoints. */
    beginRecord(): void {
      combos.beginRecord();
      payloads.beginRecord();
    },
    undoRecord(): void {
      combos.undoRecord();
      payloads.undoRecord();
    },

    /** New document versions for an intent's events after its intent or result arrived. */
    refreshDocs(intentId: string): void {
      const rows = docsOf.all(intentId);
      const stored = payloads.read(rows.map((r) => r.id));
      for (const row of rows) {
        const version = row.fts_version + 1;
        const shown = payloadColumns(stored.get(row.id), row.channel);
        // At most two refreshes happen (intent, then an error result); never overflow.
        if (version >= DOC_VERSIONS) continue;
        bumpVersion.run(version, row.id);
        insertDoc.run(
          auditDocRowid(row.id, row.combo, version),
          rulesText(parseDecisions(shown.decisions)),
          row.executor_id,
          shown.cgroup_path ?? "",
          row.search_text ?? "",
          row.error ?? "",
        );
      }
    },
  };
}

export type AuditWriter = ReturnType<typeof createAuditWriter>;
