import "server-only";
import type { SignatureVerdict, VerifyOptions } from "@/lib/protocol/signature";
import type { AuditFilter, AuditPage } from "../audit/search";
import type { AuditExport } from "../audit/export";
import type { AuditGroups, AuditHistogram } from "@/lib/contract/audit";
import type { IntentDetail } from "../intents/detail";
import type { IntentFilter, IntentPage } from "../intents/list";
import type { QuarantineFilter, QuarantinePage } from "../ledger/quarantine";
import type { ScorecardFilter, ScorecardPage } from "../scorecards/models";
import type { PolicyChanges } from "@/lib/contract/policies";
import type { SessionGraph, SessionFilter, SessionPage } from "../sessions/list";
import type { NodeHistory, SessionDeltas, SessionTimeline } from "@/lib/contract/sessions";
import type { ReplyDetail, ReplyList } from "@/lib/contract/replies";
import type { BenchmarkRuns, SkillLiteSummary, SkillLiteTask } from "@/lib/contract/agents";
import type { TimedReply } from "@/lib/scorecards/trends";
import type { ReplyFilter, ReplyScope } from "../scorecards/replies";
import type { FileAuditRecord, FileImportResult } from "../audit/file-import";
import type { IntegrityRange, IntegrityRowFilter } from "../intents/integrity";
import type { IntegrityRows, IntegritySummary } from "@/lib/contract/integrity";

/** One stream message as ingest hands it over. */
export interface IngestRecord {
  stream: string;
  seq: number;
  subject: string;
  headers: Record<string, string[]> | null;
  payload: Uint8Array;
  /** JetStream's publish time, exact nanoseconds, when known. */
  publishedAtNs: bigint | null;
}

/**
 * What a batch did. `applied` + `quarantined` are the (stream, seq) pairs new to the
 * index; `duplicates` the ones it already held (a redelivery), which changed nothing.
 * A new message that repeats a natural key (an intent id seen before, under another
 * seq) counts as applied: the message is recorded, no typed row is duplicated.
 */
export interface ApplyResult {
  applied: number;
  duplicates: number;
  quarantined: number;
}

export interface StoreOptions {
  /** Base64 Ed25519 public keys whose signatures count as trusted. */
  trustedSigners?: readonly string[];
  /** Signature check for intents; `verifyIntentSignature` unless a test or a faster
   *  implementation with the same verdicts is given. */
  verifySignature?: (rawIntent: string, opts: VerifyOptions) => SignatureVerdict;
  /** How long after its TTL an intent without a result reads "pending", not "no result". */
  noResultGraceMs?: number;
  /** The clock "no result" is judged by (tests pass their own). */
  now?: () => number;
}

/** Per stream, the last sequence an answer is consistent with (live views resume after it). */
export type StreamSeqs = Record<string, number>;

/**
 * A batch whose decoding has started (on the decode worker where it runs): made by
 * `prepareBatch`, written by `applyPrepared`, once.
 */
export interface PreparedBatch {
  readonly size: number;
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
  /** Signature verdicts, digest mismatches, late runs, unaudited results of a range's intents. */
  integritySummary(range: IntegrityRange): IntegritySummary;
  integrityRows(filter: IntegrityRowFilter): IntegrityRows;
  /** Matching events per time bucket (`limit` unused). */
  auditHistogram(filter: AuditFilter, buckets: number): AuditHistogram;
  /** Matching events grouped by intent, newest group first, `limit` groups a page. */
  auditGroups(filter: AuditFilter): AuditGroups;
  /** Every match, read a chunk at a time (`limit` unused). */
  exportAudit(filter: AuditFilter): AuditExport;
  listSessions(filter: SessionFilter): SessionPage;
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
