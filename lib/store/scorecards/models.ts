import "server-only";
import type { ModelScore, ScorecardList } from "@/lib/contract/scorecards";
import { encodeCursor } from "@/lib/contract/page-cursor";
import type { ReadContext } from "../core/read-context";
import { Where } from "../core/row-values";

export interface ScorecardFilter {
  pilot?: string;
  model?: string;
  /** The previous page's last pilot run (order of first appearance). */
  after?: readonly [number];
  limit: number;
}
export type ScorecardPage = ScorecardList;

interface PilotRow {
  id: number;
  pilot_id: string;
  stream: string;
  first_seq: number;
  last_seq: number;
  first_ns: string | null;
  last_ns: string | null;
}

interface ScoreRow {
  pilot_id: string;
  model_id: string;
  replies: number;
  applied: number;
  empty: number;
  hallucinations: number;
  /** NULL when no reply stated a cost (sum, not total: unknown is not $0). */
  cost: number | null;
  costed: number;
  input: number;
  output: number;
  elapsed: number | null;
}

interface CountRow {
  pilot_id: string;
  model_id: string;
  k: string;
  n: number;
}

/**
 * Scorecards per pilot run (newest first) and, inside each, per model: three grouped
 * queries over the page's runs, whatever the page size (no query per run or model).
 */
export function scorecards(ctx: ReadContext, f: ScorecardFilter): ScorecardPage {
  const where = new Where()
    .opt("p.pilot_id = ?", f.pilot)
    .opt("p.pilot_id IN (SELECT pilot_id FROM newt_replies WHERE model_id = ?)", f.model);
  if (f.after) where.add("p.id < ?", f.after[0]);
  const pilotsSql = `SELECT p.id, p.pilot_id, p.stream, p.first_seq, p.last_seq, p.first_ns,
    p.last_ns FROM newt_pilots p ${where.sql} ORDER BY p.id DESC LIMIT ?`;
  const replies = new Where()
    .add("pilot_id IN (SELECT value FROM json_each(?))")
    .opt("model_id = ?", f.model);
  return ctx.snapshot(() => {
    const rows = ctx.stmt<PilotRow>(pilotsSql).all(...where.params, f.limit + 1);
    const page = rows.slice(0, f.limit);
    // The page's runs as one JSON array parameter, then the model filter if any.
    const params = [JSON.stringify(page.map((p) => p.pilot_id)), ...replies.params];
    const scores = ctx
      .stmt<ScoreRow>(
        `SELECT pilot_id, model_id, count(*) AS replies,
          sum(diff_applied) AS applied, sum(empty_diff) AS empty,
          sum(hallucinations) AS hallucinations, sum(cost_usd) AS cost,
          count(cost_usd) AS costed, coalesce(sum(input_tokens), 0) AS input,
          coalesce(sum(output_tokens), 0) AS output, avg(elapsed_ms) AS elapsed
        FROM newt_replies ${replies.sql} GROUP BY pilot_id, model_id ORDER BY pilot_id, model_id`,
      )
      .all(...params);
    const counts = (column: string) =>
      ctx
        .stmt<CountRow>(
          `SELECT pilot_id, model_id, coalesce(${column}, 'unknown') AS k,
          count(*) AS n FROM newt_replies ${replies.sql} GROUP BY 1, 2, 3`,
        )
        .all(...params);
    const key = (r: { pilot_id: string; model_id: string }) => `${r.pilot_id}\u0000${r.model_id}`;
    const tally = (list: readonly CountRow[]) => {
      const m = new Map<string, Record<string, number>>();
      for (const r of list) m.set(key(r), { ...m.get(key(r)), [r.k]: r.n });
      return m;
    };
    const shapes = tally(counts("emission_shape"));
    const ends = tally(counts("end_reason"));
    const models = new Map<string, ModelScore[]>();
    for (const s of scores) {
      const list = models.get(s.pilot_id) ?? [];
      list.push({
        modelId: s.model_id,
        replies: s.replies,
        shapes: shapes.get(key(s)) ?? {},
        applied: s.applied,
        emptyDiffs: s.empty,
        hallucinations: s.hallucinations,
        costUsd: s.cost,
        costed: s.costed,
        inputTokens: s.input,
        outputTokens: s.output,
        elapsedMsAvg: s.elapsed,
        endReasons: ends.get(key(s)) ?? {},
      });
      models.set(s.pilot_id, list);
    }
    const items = page.map((p) => {
      const ms = models.get(p.pilot_id) ?? [];
      return {
        pilotId: p.pilot_id,
        stream: p.stream,
        firstSeq: p.first_seq,
        lastSeq: p.last_seq,
        firstNs: p.first_ns,
        lastNs: p.last_ns,
        replies: ms.reduce((sum, m) => sum + m.replies, 0),
        models: ms,
      };
    });
    const last = page.at(-1);
    return {
      items,
      nextCursor: rows.length > f.limit && last ? encodeCursor([last.id]) : null,
      seq: ctx.seqs(),
    };
  });
}
