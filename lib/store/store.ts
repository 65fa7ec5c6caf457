import "server-only";
import { DEFAULT_NO_RESULT_GRACE_MS } from "@/lib/contract/intent-outcome";
import { createBatchApplier } from "./batch/apply-batch";
import { openDatabase } from "./core/db";
import { DATA_TABLES, FTS_TABLES } from "./core/migrations";
import { searchAudit } from "./audit/search";
import { integrityRows, integritySummary } from "./intents/integrity";
import { exportAudit } from "./audit/export";
import { auditGroups } from "./audit/groups";
import { auditHistogram } from "./audit/histogram";
import { getIntentDetail } from "./intents/detail";
import { listIntents } from "./intents/list";
import { listQuarantine } from "./ledger/quarantine";
import { benchmarkRuns, skillLiteSummary, skillLiteTask } from "./scorecards/agents";
import { policyChanges } from "./scorecards/policies";
import { getReply, listReplies, replyFacts } from "./scorecards/replies";
import { scorecards } from "./scorecards/models";
import { nodeHistory, sessionDeltas, sessionTimeline } from "./sessions/history";
import { listSessions, sessionGraph } from "./sessions/list";
import { createReadContext } from "./core/read-context";
import type { Store, StoreOptions } from "./core/types";
import { createFileAuditWriter } from "./audit/file-import";

/**
 * Opens the SQLite history index at `file` (created and migrated when needed). One
 * Store is one connection; several (ingest in another process, the API here) may share
 * a file thanks to WAL.
 */
export function openStore(file: string, opts: StoreOptions = {}): Store {
  const db = openDatabase(file);
  const ctx = createReadContext(db);
  const applier = createBatchApplier(db, opts);
  const fileAudit = createFileAuditWriter(db);
  const trustListConfigured = (opts.trustedSigners ?? []).length > 0;
  const custody = {
    graceMs: opts.noResultGraceMs ?? DEFAULT_NO_RESULT_GRACE_MS,
    now: opts.now ?? Date.now,
  };
  const counts = db.prepare<{ stream: string; messages: number; last_seq: number }>(
    "SELECT stream, messages, last_seq FROM stream_cursors ORDER BY stream",
  );
  const wipe = db.transaction(() => {
    for (const table of DATA_TABLES) db.exec(`DELETE FROM ${table}`);
    for (const fts of FTS_TABLES) db.exec(`INSERT INTO ${fts} (${fts}) VALUES ('delete-all')`);
  });

  return {
    applyBatch: applier.apply,
    prepareBatch: applier.prepare,
    applyPrepared: applier.applyPrepared,
    cursors: () => ctx.seqs(),
    streamCounts() {
      const out: Record<string, { messages: number; lastSeq: number }> = {};
      for (const r of counts.all()) out[r.stream] = { messages: r.messages, lastSeq: r.last_seq };
      return out;
    },
    tableCounts() {
      return ctx.snapshot(() => {
        const out: Record<string, number> = {};
        for (const table of DATA_TABLES) {
          out[table] = ctx.stmt<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0;
        }
        return out;
      });
    },
    reset() {
      wipe.immediate();
      applier.forget();
      fileAudit.discard();
    },
    importAuditRecords: (records, executorId) => fileAudit.apply(records, executorId),
    close() {
      if (db.open) db.close();
    },
    listIntents: (filter) => listIntents(ctx, filter, custody),
    getIntent: (id) => getIntentDetail(ctx, id, trustListConfigured, custody),
    searchAudit: (filter) => searchAudit(ctx, filter),
    integritySummary: (range) => integritySummary(ctx, range, custody),
    integrityRows: (filter) => integrityRows(ctx, filter, custody),
    auditHistogram: (filter, buckets) => auditHistogram(ctx, filter, buckets),
    auditGroups: (filter) => auditGroups(ctx, filter),
    exportAudit: (filter) => exportAudit(ctx, filter),
    listSessions: (filter) => listSessions(ctx, filter),
    sessionGraph: (sessionId, seq) => sessionGraph(ctx, sessionId, seq),
    sessionTimeline: (sessionId) => sessionTimeline(ctx, sessionId),
    sessionDeltas: (sessionId, after, until, limit) => sessionDeltas(ctx, sessionId, after, until, limit),
    nodeHistory: (sessionId, nodeId) => nodeHistory(ctx, sessionId, nodeId),
    scorecards: (filter) => scorecards(ctx, filter),
    replyFacts: (scope) => replyFacts(ctx, scope),
    listReplies: (filter) => listReplies(ctx, filter),
    getReply: (id) => getReply(ctx, id),
    skillLiteSummary: () => skillLiteSummary(ctx),
    skillLiteTask: (id) => skillLiteTask(ctx, id),
    benchmarkRuns: (limit) => benchmarkRuns(ctx, limit),
    policyChanges: (limit) => policyChanges(ctx, limit),
    listQuarantine: (filter) => listQuarantine(ctx, filter),
  };
}
