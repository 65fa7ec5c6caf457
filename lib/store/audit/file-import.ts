import "server-only";
import type { ExecutorAuditRecord } from "@/lib/protocol/smith-audit";
import { executionStatusSchema, normalizeExecutionStatus } from "@/lib/protocol/smith-result";
import { createComboWriter } from "./combos";
import { createBlockSealer } from "./sealed-blocks";
import { createAuditEventInsert } from "./event-insert";
import { writtenOut } from "./payload-columns";
import { createPayloadWriter } from "./payload-store";
import type { Db } from "../core/db";
import { auditDocRowid } from "../core/fts-docs";

/** One line of an executor's on-disk audit log, and where it was read. */
export interface FileAuditRecord {
  record: ExecutorAuditRecord;
  /** The line as written (valid JSON: the record was parsed from it). */
  text: string;
  /** The file's name: the row's `stream` is `file:<name>`, its `seq` the line number. */
  file: string;
  line: number;
}

export interface FileImportResult {
  imported: number;
  /** Lines whose event the index already held (the same file imported again). */
  present: number;
}

/** The channel a record stands for: an admission alone, or a finished execution. */
function channelOf(r: ExecutorAuditRecord): "policy" | "execution" {
  return r.result ? "execution" : "policy";
}

/**
 * The statuses as audit events state them. The file's status is free text: a known
 * execution status is folded like the wire's (`success` → `ok`), anything else is kept
 * as written. Without a result the admission is all there is: denied, or still pending.
 */
function statuses(r: ExecutorAuditRecord): { raw: string; norm: string } {
  const raw = r.result?.status ?? (r.decision.allow ? "pending" : "denied");
  const known = executionStatusSchema.safeParse(raw);
  return { raw, norm: known.success ? normalizeExecutionStatus(known.data) : raw };
}

/**
 * Writes executor audit records into the audit tables the NATS ingest fills, so they are
 * searched, counted and exported like the rest. Imported lines have no stream sequence:
 * the event's natural key (intent, channel, timestamp, executor) makes a second import of
 * the same line change nothing. The file names no rule, so an event carries its overall
 * decision with an empty decision list; the denial code goes into the full-text document,
 * and the line as written (digests, actor, limits, result) with its file and line number
 * into the context column: `{"source": "<file>:<line>", "record": <the line>}`.
 */
export function createFileAuditWriter(db: Db) {
  const combos = createComboWriter(db);
  const sealer = createBlockSealer(db);
  const events = createAuditEventInsert(db);
  const payloads = createPayloadWriter(db);
  const linked = db.prepare<{ search_text: string | null; error: string | null }>(`SELECT
    (SELECT search_text FROM intents WHERE id = ?) AS search_text,
    (SELECT error_code || ' ' || error_message FROM results WHERE intent_id = ?) AS error`);
  const insertDoc = db.prepare(
    "INSERT INTO audit_fts (rowid, rules, executor, cgroup, params, error) VALUES (?, ?, ?, ?, ?, ?)",
  );
  // As write.ts: the admission's verdict is the intent's decision.
  const linkIntent = db.prepare(`UPDATE intents SET decision = ?, executor_id = ?
    WHERE id = ? AND (? = 'policy' OR decision IS NULL)`);

  function applyOne(item: FileAuditRecord, executorId: string): boolean {
    const r = item.record;
    const channel = channelOf(r);
    const decision = r.decision.allow ? "allow" : "deny";
    const status = statuses(r);
    const tsMs = Number(r.timestamp_ms);
    const combo = combos.idFor({
      channel,
      executor: executorId,
      status: status.norm,
      decision,
      sandbox: "none",
      rules: [],
    });
    // The line itself, digit for digit, rather than the record written out again.
    const context = `{"source":${JSON.stringify(`${item.file}:${item.line}`)},"record":${item.text}}`;
    const id = events.insert({
      intentId: r.intent_id,
      channel,
      executor: executorId,
      securityType: null,
      timestampNs: (BigInt(r.timestamp_ms) * 1_000_000n).toString(),
      tsMs,
      combo,
      stream: `file:${item.file}`,
      seq: item.line,
    });
    if (id === null) return false;
    // No message was received: the shown columns are the event's payload, marked as Pilot's.
    payloads.keep(
      id,
      writtenOut({
        result_status: status.raw,
        cgroup_path: null,
        landlock: 0,
        seccomp: 0,
        resource_usage: null,
        security_context: context,
        decisions: "[]",
      }),
      false,
    );
    const link = linked.get(r.intent_id, r.intent_id);
    const code = r.decision.code ?? "";
    insertDoc.run(
      auditDocRowid(id, combo, 0),
      `${decision} ${code}`.trim(),
      executorId,
      "",
      link?.search_text ?? "",
      link?.error ?? "",
    );
    linkIntent.run(decision, executorId, r.intent_id, channel);
    return true;
  }

  const batch = db.transaction(
    (items: readonly FileAuditRecord[], executorId: string): FileImportResult => {
      const out: FileImportResult = { imported: 0, present: 0 };
      for (const item of items) {
        if (applyOne(item, executorId)) out.imported++;
        else out.present++;
      }
      payloads.flush();
      sealer.seal();
      return out;
    },
  );

  return {
    /** One IMMEDIATE transaction: every record is written, or none is. */
    apply(items: readonly FileAuditRecord[], executorId: string): FileImportResult {
      if (items.length === 0) return { imported: 0, present: 0 };
      try {
        return batch.immediate(items, executorId);
      } catch (error) {
        // The combo ids cached during the rolled-back transaction may be gone.
        combos.discard();
        payloads.discard();
          throw error;
      }
    },

    /** After a reset: the cached combo ids name rows that no longer exist. */
    discard(): void {
      combos.discard();
      payloads.discard();
    },
  };
}
