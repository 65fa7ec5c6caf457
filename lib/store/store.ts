import "server-only";
import { DEFAULT_NO_RESULT_GRACE_MS } from "@/lib/queries/intent-outcome";
import { createBatchApplier } from "./apply-batch";
import { openDatabase } from "./db";
import { DATA_TABLES, FTS_TABLES } from "./migrations";
import { searchAudit } from "./query-audit";
import { integrityRows, integritySummary } from "./query-integrity";
import { exportAudit } from "./query-audit-export";
import { auditGroups } from "./query-audit-groups";
import { auditHistogram } from "./query-audit-histogram";
import { getIntentDetail } from "./query-intent-detail";
import { listIntents } from "./query-intents";
import { listQuarantine } from "./query-quarantine";
import { benchmarkRuns, skillLiteSummary, skillLiteTask } from "./query-agents";
import { policyChanges } from "./query-policies";
import { getReply, listReplies, replyFacts } from "./query-replies";
import { scorecards } from "./query-scorecards";
import { nodeHistory, sessionDeltas, sessionTimeline } from "./query-graph-history";
import { listSessions, sessionGraph } from "./query-sessions";
import { createReadContext } from "./read-context";
import type { Store, StoreOptions } from "./types";
import { createFileAuditWriter } from "./write-file-audit";

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
