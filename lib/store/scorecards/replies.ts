import "server-only";
import type { TimedReply } from "@/lib/scorecards/trends";
import type { ReplyDetail, ReplyList, ReplySummary } from "@/lib/contract/replies";
import { encodeCursor } from "@/lib/contract/page-cursor";
import type { ReadContext } from "../core/read-context";
import { Where } from "../core/row-values";
import type { StreamSeqs } from "../core/types";

export interface ReplyScope {
  pilot?: string;
  /** Stream time (when JetStream stored the reply), epoch ms. */
  fromMs?: number;
  toMs?: number;
  model?: string;
}

export interface ReplyFilter extends ReplyScope {
  /** An emission shape, or "missing". */
  shape?: string;
  applied?: boolean;
  empty?: boolean;
  /** An end reason, or "missing". */
  end?: string;
  /** whole_files or unified_diff. */
  structured?: boolean;
  after?: readonly [number];
  limit: number;
}

interface ReplyRow {
  id: number;
  pilot_id: string;
  task_id: string;
  model_id: string;
  emission_shape: string | null;
  empty_diff: number;
  diff_applied: number;
  end_reason: string | null;
  hallucinations: number;
  elapsed_ms: number | null;
  cost_usd: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  published_ns: string | null;
}

const COLUMNS = `r.id, r.pilot_id, r.task_id, r.model_id, r.emission_shape, r.empty_diff, r.diff_applied,
  r.end_reason, r.hallucinations, r.elapsed_ms, r.cost_usd, r.input_tokens, r.output_tokens, m.published_ns`;
const FROM = "newt_replies r LEFT JOIN messages m ON m.stream = r.stream AND m.seq = r.seq";
/** The stream time in ms, from the exact nanoseconds. */
const PUBLISHED_MS = "CAST(substr(m.published_ns, 1, length(m.published_ns) - 6) AS INTEGER)";

function scoped(s: ReplyScope): Where {
  const w = new Where().opt("r.pilot_id = ?", s.pilot).opt("r.model_id = ?", s.model);
  if (s.fromMs !== undefined) w.add(`${PUBLISHED_MS} >= ?`, s.fromMs);
  if (s.toMs !== undefined) w.add(`${PUBLISHED_MS} < ?`, s.toMs);
  return w;
}

function msOf(ns: string | null): number {
  return ns === null ? 0 : Number(BigInt(ns) / 1_000_000n);
}

function summary(r: ReplyRow): ReplySummary {
  return {
    id: r.id,
    pilotId: r.pilot_id,
    taskId: r.task_id,
    modelId: r.model_id,
    shape: r.emission_shape,
    emptyDiff: r.empty_diff === 1,
    applied: r.diff_applied === 1,
    endReason: r.end_reason,
    hallucinations: r.hallucinations,
    elapsedMs: r.elapsed_ms,
    costUsd: r.cost_usd,
    publishedNs: r.published_ns,
  };
}

/** What the scorecard figures need of every reply in scope, with the seqs it reflects. */
export function replyFacts(ctx: ReadContext, s: ReplyScope): { facts: TimedReply[]; seq: StreamSeqs } {
  const where = scoped(s);
  return ctx.snapshot(() => ({
    facts: ctx
      .stmt<ReplyRow>(`SELECT ${COLUMNS} FROM ${FROM} ${where.sql} ORDER BY r.id`)
      .all(...where.params)
      .map((r) => ({
        modelId: r.model_id,
        shape: r.emission_shape,
        emptyDiff: r.empty_diff === 1,
        applied: r.diff_applied === 1,
        endReason: r.end_reason,
        hallucinations: r.hallucinations,
        inputTokens: r.input_tokens,
        outputTokens: r.output_tokens,
        costUsd: r.cost_usd,
        elapsedMs: r.elapsed_ms,
        atMs: msOf(r.published_ns),
      })),
    seq: ctx.seqs(),
  }));
}

/** The replies behind a scorecard cell, newest first. */
export function listReplies(ctx: ReadContext, f: ReplyFilter): ReplyList {
  const where = scoped(f);
  if (f.shape === "missing") where.add("r.emission_shape IS NULL");
  else where.opt("r.emission_shape = ?", f.shape);
  if (f.end === "missing") where.add("r.end_reason IS NULL");
  else where.opt("r.end_reason = ?", f.end);
  if (f.structured !== undefined)
    where.add(`${f.structured ? "" : "NOT "}coalesce(r.emission_shape IN ('whole_files', 'unified_diff'), 0)`);
  if (f.applied !== undefined) where.add("r.diff_applied = ?", f.applied ? 1 : 0);
  if (f.empty !== undefined) where.add("r.empty_diff = ?", f.empty ? 1 : 0);
  if (f.after) where.add("r.id < ?", f.after[0]);
  return ctx.snapshot(() => {
    const rows = ctx.stmt<ReplyRow>(`SELECT ${COLUMNS} FROM ${FROM} ${where.sql} ORDER BY r.id DESC LIMIT ?`).all(...where.params, f.limit + 1);
    const page = rows.slice(0, f.limit);
    const last = page.at(-1);
    return { items: page.map(summary), nextCursor: rows.length > f.limit && last ? encodeCursor([last.id]) : null, seq: ctx.seqs() };
  });
}

export function getReply(ctx: ReadContext, id: number): ReplyDetail | null {
  const r = ctx
    .stmt<ReplyRow & { endpoint: string | null; raw: string; stream: string; seq: number }>(
      `SELECT ${COLUMNS}, r.endpoint, r.raw, r.stream, r.seq FROM ${FROM} WHERE r.id = ?`,
    )
    .get(id);
  if (!r) return null;
  return { ...summary(r), endpoint: r.endpoint, inputTokens: r.input_tokens, outputTokens: r.output_tokens, stream: r.stream, seq: r.seq, raw: r.raw };
}
