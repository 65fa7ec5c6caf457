import "server-only";
import { decodeMessage, routeSubject, type DecodedMessage } from "@/lib/protocol/subjects";
import type { Db } from "../core/db";
import { decodeWorker } from "./decode-offload";
import { ed25519Worker } from "./ed25519-worker";
import { prepareBatch, type Prepared } from "./prepare-batch";
import { verifyHere, type VerdictHandle } from "./signature-checks";
import type { ApplyResult, IngestRecord, PreparedBatch, StoreOptions } from "../core/types";
import { createAgentWriter } from "../scorecards/write";
import { createAuditWriter } from "../audit/write";
import { createGraphWriter } from "../sessions/write";
import { createIntentWriter } from "../intents/write";
import { createLedgerWriter, type HeldSet } from "../ledger/write";
import { createPlannerWriter } from "../sessions/write-planner";

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Builds `applyBatch`: decode every record, write it to its tables, record it in the
 * ledger, move the cursors, all in one IMMEDIATE transaction (the write lock is taken
 * up front, so a second writer waits instead of failing half-way). Decoding and the
 * signature checks start before the transaction, on other threads where they can (see
 * prepare-batch.ts), and the transaction writes each record as its decoding comes in.
 */
export function createBatchApplier(db: Db, opts: StoreOptions) {
  const ledger = createLedgerWriter(db);
  const audit = createAuditWriter(db);
  const intents = createIntentWriter(db, audit);
  const graph = createGraphWriter(db);
  const planner = createPlannerWriter(db, graph);
  const agents = createAgentWriter(db);
  const trustedSigners = opts.trustedSigners ?? [];
  const custom = opts.verifySignature;
  // Started now, so that they listen by the first batches.
  decodeWorker();
  if (!custom) ed25519Worker();

  /** Writes a decoded message to its tables. The route is re-read for what the subject says. */
  function write(
    r: IngestRecord,
    m: DecodedMessage,
    verdict: VerdictHandle,
    gather: boolean,
  ): void {
    const route = routeSubject(r.subject);
    switch (m.kind) {
      case "intent": {
        if (route?.kind !== "intent") return;
        // A known id: a redelivery changes nothing, other bytes are kept as a copy.
        if (intents.applyRepeat(r, m.value.id, m.raw, verdict) !== "new") return;
        // Verified from the exact text received: re-serializing would change the bytes signed.
        intents.applyIntent(r, m.value, m.raw, route.stage, verdict());
        return;
      }
      case "intent-result":
        intents.applyResult(r, m.value);
        return;
      case "audit-entry":
        // Its bytes as received are kept by the audit writer, the event's one copy.
        audit.apply(r, { ...m.value, resource_usage: null }, "policy", null);
        return;
      case "audit-event":
        if (route?.kind !== "audit-event") return;
        if (route.channel === "security") audit.apply(r, m.value, "security", route.securityType);
        else audit.apply(r, m.value, "execution", null);
        return;
      case "graph-delta":
        if (route?.kind === "graph-delta") graph.apply(r, route.sessionId, m.value.data, gather);
        return;
      case "event":
        if (route?.kind === "event") agents.event(r, route.category, route.rest, m.value);
        return;
      case "benchmark-event":
        if (route?.kind === "benchmark-event") agents.benchmark(r, route.benchmarkKind, m.value);
        return;
      case "policy-update":
        agents.policyUpdate(r, m.value, m.raw);
        return;
      case "task-features":
        if (route?.kind === "task-features") agents.taskFeatures(r, route.taskId, m.value, m.raw);
        return;
      case "task-reply":
        if (route?.kind === "task-reply")
          agents.reply(r, route.pilotId, route.taskId, m.value, m.raw);
        return;
      case "node-task":
        agents.task(r, m.value, m.raw);
        return;
      case "node-result":
        if (route?.kind === "node-result") agents.taskResult(r, route.taskId, m.value, m.raw);
        return;
      case "planner-event":
      case "workflow-update":
        planner.apply(r, m, gather);
        return;
    }
  }

  // Nested inside the batch transaction this is a SAVEPOINT. Savepoints cost a
  // sub-journal copy of every page touched, so they are used only to replay a batch
  // that failed: a record whose write fails (a bug, a constraint nobody foresaw) is then
  // rolled back alone and quarantined, and one message can never wedge the consumer by
  // failing its whole batch forever.
  const writeIsolated = db.transaction(write);

  function applyOne(p: Prepared, held: HeldSet, out: ApplyResult, isolate: boolean): void {
    const { r } = p;
    if (held.has(r)) {
      out.duplicates++;
      return;
    }
    held.add(r);
    // Not decoded yet: held when the batch began, gone since (a reset in between).
    const ready = p.decode?.();
    const decoded = ready?.result ?? decodeMessage(r.subject, r.payload);
    if (!decoded.ok) {
      ledger.recordQuarantined(r, decoded.kind, decoded.reason);
      out.quarantined++;
      return;
    }
    const verdict =
      ready?.verdict ??
      (() =>
        custom ? custom(decoded.raw, { trustedSigners }) : verifyHere(decoded.raw, trustedSigners));
    if (isolate) {
      audit.beginRecord();
      try {
        writeIsolated(r, decoded, verdict, false);
      } catch (error) {
        audit.undoRecord();
        ledger.recordQuarantined(r, decoded.kind, `could not be indexed: ${errorMessage(error)}`);
        out.quarantined++;
        return;
      }
    } else {
      write(r, decoded, verdict, true);
    }
    ledger.recordApplied(r, decoded.kind);
    out.applied++;
  }

  const batch = db.transaction((prepared: readonly Prepared[], isolate: boolean) => {
    const out: ApplyResult = { applied: 0, duplicates: 0, quarantined: 0 };
    const held = ledger.heldIn(prepared.map((p) => p.r));
    for (const p of prepared) applyOne(p, held, out, isolate);
    graph.flush();
    audit.seal();
    ledger.flushCursors();
    return out;
  });

  /** Drops what the writers cached or tallied: after a rollback, or after a reset. */
  function forget(): void {
    ledger.discard();
    audit.discard();
    graph.discard();
  }

  // What a PreparedBatch stands for; held here so that callers see no internals.
  const started = new WeakMap<PreparedBatch, ReturnType<typeof prepareBatch>>();

  const prepare = (records: readonly IngestRecord[]): PreparedBatch => {
    const batch: PreparedBatch = { size: records.length };
    if (records.length > 0) started.set(batch, prepareBatch(records, ledger.heldIn(records), opts));
    return batch;
  };

  const applyPrepared = (batch: PreparedBatch): ApplyResult => {
    if (batch.size === 0) return { applied: 0, duplicates: 0, quarantined: 0 };
    const work = started.get(batch);
    if (!work) throw new Error("a prepared batch is applied once, by the store that prepared it");
    started.delete(batch);
    try {
      return writePrepared(work.prepared);
    } finally {
      work.dispose();
    }
  };

  const apply = (records: readonly IngestRecord[]): ApplyResult => applyPrepared(prepare(records));

  function writePrepared(prepared: readonly Prepared[]): ApplyResult {
    try {
      return batch.immediate(prepared, false);
    } catch (error) {
      // Rolled back as a whole; replay it with every record isolated. What fails again
      // outside a record's write (the disk, the lock) is thrown to the caller.
      console.warn("[store] batch failed, replaying it record by record:", errorMessage(error));
      forget();
    }
    try {
      return batch.immediate(prepared, true);
    } catch (error) {
      forget();
      throw error;
    }
  }
  return { apply, prepare, applyPrepared, forget };
}
