import "server-only";
import { verifyIntentSignature } from "@/lib/protocol/signature";
import { decodeMessage, routeSubject, type DecodedMessage } from "@/lib/protocol/subjects";
import type { Db } from "./db";
import type { ApplyResult, IngestRecord, StoreOptions } from "./types";
import { createAgentWriter } from "./write-agents";
import { createAuditWriter } from "./write-audit";
import { createGraphWriter } from "./write-graph";
import { createIntentWriter } from "./write-intents";
import { createLedgerWriter } from "./write-ledger";
import { nodeEd25519Verify } from "./node-ed25519";

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Builds `applyBatch`: decode every record, write it to its tables, record it in the
 * ledger, move the cursors, all in one IMMEDIATE transaction (the write lock is taken
 * up front, so a second writer waits instead of failing half-way).
 */
export function createBatchApplier(db: Db, opts: StoreOptions) {
  const ledger = createLedgerWriter(db);
  const audit = createAuditWriter(db);
  const intents = createIntentWriter(db, audit);
  const graph = createGraphWriter(db);
  const agents = createAgentWriter(db);
  const verify = opts.verifySignature ?? verifyIntentSignature;
  const verifyOpts = { trustedSigners: opts.trustedSigners ?? [], verify: nodeEd25519Verify };
  const knownIntent = db.prepare<{ one: number }>("SELECT 1 AS one FROM intents WHERE id = ?");

  /** Writes a decoded message to its tables. The route is re-read for what the subject says. */
  function write(r: IngestRecord, m: DecodedMessage): void {
    const route = routeSubject(r.subject);
    switch (m.kind) {
      case "intent": {
        if (route?.kind !== "intent" || knownIntent.get(m.value.id)) return;
        // Verified from the exact text received: re-serializing would change the bytes signed.
        intents.applyIntent(r, m.value, m.raw, route.stage, verify(m.raw, verifyOpts));
        return;
      }
      case "intent-result":
        intents.applyResult(r, m.value);
        return;
      case "audit-entry":
        audit.apply(r, { ...m.value, resource_usage: null }, "policy", null);
        return;
      case "audit-event":
        if (route?.kind !== "audit-event") return;
        if (route.channel === "security") audit.apply(r, m.value, "security", route.securityType);
        else audit.apply(r, m.value, "execution", null);
        return;
      case "graph-delta":
        if (route?.kind === "graph-delta") graph.apply(r, route.sessionId, m.value.data);
        return;
      case "event":
        if (route?.kind === "event") agents.event(r, route.category, route.rest, m.value);
        return;
      case "benchmark-event":
        if (route?.kind === "benchmark-event") agents.benchmark(r, route.benchmarkKind, m.value);
        return;
      case "task-reply":
        if (route?.kind === "task-reply")
          agents.reply(r, route.pilotId, route.taskId, m.value, m.raw);
        return;
      case "node-task":
        agents.task(r, m.value, m.raw);
        return;
      case "node-result":
        agents.taskResult(r, m.value, m.raw);
        return;
    }
  }

  // Nested inside the batch transaction this is a SAVEPOINT. Savepoints cost a
  // sub-journal copy of every page touched, so they are used only to replay a batch
  // that failed: a record whose write fails (a bug, a constraint nobody foresaw) is then
  // rolled back alone and quarantined, and one message can never wedge the consumer by
  // failing its whole batch forever.
  const writeIsolated = db.transaction(write);

  function applyOne(r: IngestRecord, out: ApplyResult, isolate: boolean): void {
    if (ledger.holds(r)) {
      out.duplicates++;
      return;
    }
    const decoded = decodeMessage(r.subject, r.payload);
    if (!decoded.ok) {
      ledger.recordQuarantined(r, decoded.kind, decoded.reason);
      out.quarantined++;
      return;
    }
    if (isolate) {
      audit.beginRecord();
      try {
        writeIsolated(r, decoded);
      } catch (error) {
        audit.undoRecord();
        ledger.recordQuarantined(r, decoded.kind, `could not be indexed: ${errorMessage(error)}`);
        out.quarantined++;
        return;
      }
    } else {
      write(r, decoded);
    }
    ledger.recordApplied(r, decoded.kind);
    out.applied++;
  }

  const batch = db.transaction((records: readonly IngestRecord[], isolate: boolean) => {
    const out: ApplyResult = { applied: 0, duplicates: 0, quarantined: 0 };
    for (const r of records) applyOne(r, out, isolate);
    audit.flush();
    ledger.flushCursors();
    return out;
  });

  /** Drops what the writers cached or tallied: after a rollback, or after a reset. */
  function forget(): void {
    ledger.discard();
    audit.discard();
  }

  const apply = (records: readonly IngestRecord[]): ApplyResult => {
    if (records.length === 0) return { applied: 0, duplicates: 0, quarantined: 0 };
    try {
      return batch.immediate(records, false);
    } catch (error) {
      // Rolled back as a whole; replay it with every record isolated. What fails again
      // outside a record's write (the disk, the lock) is thrown to the caller.
      console.warn("[store] batch failed, replaying it record by record:", errorMessage(error));
      forget();
    }
    try {
      return batch.immediate(records, true);
    } catch (error) {
      forget();
      throw error;
    }
  };
  return { apply, forget };
}
