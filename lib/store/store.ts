import "server-only";
import { DEFAULT_NO_RESULT_GRACE_MS } from "@/lib/contract/intent-outcome";
import { createBatchApplier } from "./batch/apply-batch";
import { openDatabase } from "./core/db";
import { DATA_TABLES, FTS_TABLES } from "./core/migrations";
import { searchAudit } from "./audit/search";
import { auditWindowCounts, auditWindowCountsMany, type WindowCounts } from "./audit/window-counts";
import { integrityRows, integritySummary } from "./intents/integrity";
import { exportAudit } from "./audit/export";
import { auditEvidenceKeys, intentEvidenceKeys, type EvidenceKeys } from "./evidence/keys";
import { evidenceRows, type EvidenceRow } from "./evidence/read";
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
import { listSessions, sessionGraph, sessionStateCounts } from "./sessions/list";
import { createReadContext } from "./core/read-context";
import type {
  ApplyResult,
  IngestRecord,
  PreparedBatch,
  StoreOptions,
  StreamSeqs,
} from "./core/types";
import type { AuditFilter, AuditPage } from "./audit/search";
import type { AuditExport } from "./audit/export";
import type { AuditGroups, AuditHistogram } from "@/lib/contract/audit";
import type { IntentDetail } from "./intents/detail";
import type { IntentFilter, IntentPage } from "./intents/list";
import type { QuarantineFilter, QuarantinePage } from "./ledger/quarantine";
import type { ScorecardFilter, ScorecardPage } from "./scorecards/models";
import type { PolicyChanges } from "@/lib/contract/policies";
import type { SessionGraph, SessionFilter, SessionPage, SessionStateCounts } from "./sessions/list";
import type { NodeHistory, SessionDeltas, SessionTimeline } from "@/lib/contract/sessions";
import type { ReplyDetail, ReplyList } from "@/lib/contract/replies";
import type { BenchmarkRuns, SkillLiteSummary, SkillLiteTask } from "@/lib/contract/agents";
import type { TimedReply } from "@/lib/scorecards/trends";
import type { ReplyFilter, ReplyScope } from "./scorecards/replies";
import type { FileAuditRecord, FileImportResult } from "./audit/file-import";
import type { IntegrityRange, IntegrityRowFilter } from "./intents/integrity";
import type { IntegrityRows, IntegritySummary } from "@/lib/contract/integrity";
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
    auditWindowCounts: (filter, o) => auditWindowCounts(ctx, filter, o),
    auditWindowCountsMany: (filters, o) => auditWindowCountsMany(ctx, filters, o),
    integritySummary: (range) => integritySummary(ctx, range, custody),
    integrityRows: (filter) => integrityRows(ctx, filter, custody),
    auditHistogram: (filter, buckets) => auditHistogram(ctx, filter, buckets),
    auditGroups: (filter) => auditGroups(ctx, filter),
    exportAudit: (filter) => exportAudit(ctx, filter),
    auditEvidenceKeys: (filter) => auditEvidenceKeys(ctx, filter),
    intentEvidenceKeys: (filter) => intentEvidenceKeys(ctx, filter, custody),
    evidenceRows: (keys) => evidenceRows(ctx, keys),
    listSessions: (filter) => listSessions(ctx, filter),
    sessionStateCounts: (startedBeforeNs) => sessionStateCounts(ctx, startedBeforeNs),
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

export interface Store {
  /** One transaction: every record is indexed or quarantined, cursors move, or nothing does. */
  applyBatch(records: readonly IngestRecord[]): ApplyResult;
  /**
   * Starts decoding a batch now, so that it is decoded by the time it is written: ingest
   * prepares a fetched batch while the one before it is being written.
   */
  prepareBatch(records: readonly IngestRecord[]): PreparedBatch;
  /** `applyBatch` of a prepared batch; a batch is applied at most once. */
  applyPrepared(batch: PreparedBatch): ApplyResult;
  /** Stream → last applied seq. */
  cursors(): StreamSeqs;
  /** Stream → how many (stream, seq) the index holds and the last one. */
  streamCounts(): Record<string, { messages: number; lastSeq: number }>;
  /** Rows per table, for health. */
  tableCounts(): Record<string, number>;
  /** Executor audit-log lines into the audit tables, one transaction (`npm run import-audit`). */
  importAuditRecords(records: readonly FileAuditRecord[], executorId: string): FileImportResult;
  /** Drops all data (reindex); the schema stays. */
  reset(): void;
  close(): void;

  listIntents(filter: IntentFilter): IntentPage;
  /** Null when nothing at all is known about the id. */
  getIntent(id: string): IntentDetail | null;
  searchAudit(filter: AuditFilter): AuditPage;
  /** Matching events per epoch-aligned window among those indexed after `afterId` (alert rules, lib/alerts). */
  auditWindowCounts(filter: AuditFilter, o: { afterId: number; windowMs: number; sinceMs?: number }): WindowCounts;
  /** `auditWindowCounts` of many filters over the same new events, in one snapshot; the event-fact filters in one pass. */
  auditWindowCountsMany(filters: readonly AuditFilter[], o: { afterId: number; windowMs: number; sinceMs?: number }): WindowCounts[];
  /** Signature verdicts, digest mismatches, late runs, unaudited results of a range's intents. */
  integritySummary(range: IntegrityRange): IntegritySummary;
  integrityRows(filter: IntegrityRowFilter): IntegrityRows;
  /** Matching events per time bucket (`limit` unused). */
  auditHistogram(filter: AuditFilter, buckets: number): AuditHistogram;
  /** Matching events grouped by intent, newest group first, `limit` groups a page. */
  auditGroups(filter: AuditFilter): AuditGroups;
  /** Every match, read a chunk at a time (`limit` unused). */
  exportAudit(filter: AuditFilter): AuditExport;
  /** An evidence bundle of an audit query: its events and their intents, as keys in stream order. */
  auditEvidenceKeys(filter: AuditFilter): EvidenceKeys;
  /** An evidence bundle of an intents query (every page of it). */
  intentEvidenceKeys(filter: Omit<IntentFilter, "limit" | "after">): EvidenceKeys;
  /** The bundle's messages, bytes as received, a chunk at a time in stream order. */
  evidenceRows(keys: EvidenceKeys): Generator<EvidenceRow[]>;
  listSessions(filter: SessionFilter): SessionPage;
  /** Sessions per state now, and the running ones that began before `startedBeforeNs`. */
  sessionStateCounts(startedBeforeNs: bigint): SessionStateCounts;
  /** Null for an unknown session; `seq` omitted = the latest state. */
  sessionGraph(sessionId: string, seq?: number): SessionGraph | null;
  /** Null for an unknown session. */
  sessionTimeline(sessionId: string): SessionTimeline | null;
  sessionDeltas(sessionId: string, after: number, until: number | undefined, limit: number): SessionDeltas | null;
  nodeHistory(sessionId: string, nodeId: string): NodeHistory | null;
  scorecards(filter: ScorecardFilter): ScorecardPage;
  /** Every reply in scope, as the scorecard figures need it. */
  replyFacts(scope: ReplyScope): { facts: TimedReply[]; seq: StreamSeqs };
  listReplies(filter: ReplyFilter): ReplyList;
  /** Null for an unknown reply id. */
  getReply(id: number): ReplyDetail | null;
  skillLiteSummary(): SkillLiteSummary;
  /** Null when neither the task nor its result is known. */
  skillLiteTask(id: string): SkillLiteTask | null;
  benchmarkRuns(limit: number): BenchmarkRuns;
  /** `smith.policies.updates`, newest first. */
  policyChanges(limit: number): PolicyChanges;
  listQuarantine(filter: QuarantineFilter): QuarantinePage;
}
