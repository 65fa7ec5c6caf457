import "server-only";
import type { BenchmarkRuns, SkillLiteResultFacts, SkillLiteSummary, SkillLiteTask } from "@/lib/contract/agents";
import type { ReadContext } from "../core/read-context";

const TOOL_BUCKETS = `CASE WHEN tool_calls = 0 THEN '0' WHEN tool_calls = 1 THEN '1' WHEN tool_calls = 2 THEN '2'
  WHEN tool_calls <= 5 THEN '3–5' WHEN tool_calls <= 10 THEN '6–10' ELSE '11+' END`;
const BUCKET_ORDER = ["0", "1", "2", "3–5", "6–10", "11+"];

/**
 * completion_type when the producer sent it, else task_completed; a task without result
 * is failed when the swarm or the agent answered with an error, else pending.
 */
const COMPLETION = `CASE WHEN res.task_id IS NULL AND EXISTS (SELECT 1 FROM skilllite_events e
    WHERE e.task_id = i.task_id AND e.event = 'error') THEN 'failed'
  WHEN res.task_id IS NULL THEN 'pending'
  WHEN res.completion_type = 'success' THEN 'completed'
  WHEN res.completion_type = 'partial_success' THEN 'partial'
  WHEN res.completion_type = 'failure' THEN 'failed'
  WHEN res.task_completed = 1 THEN 'completed' ELSE 'failed' END`;

type Completion = "completed" | "partial" | "failed" | "pending";
const isCompletion = (v: string): v is Completion => v === "completed" || v === "partial" || v === "failed" || v === "pending";

/** SkillLite: tasks by completion, tool-call distribution, tokens, new skills, recent tasks. */
export function skillLiteSummary(ctx: ReadContext): SkillLiteSummary {
  return ctx.snapshot(() => {
    // Results whose task never arrived count too: the union of both sides.
    const ids = `SELECT id AS task_id FROM skilllite_tasks UNION SELECT task_id FROM skilllite_results
      UNION SELECT task_id FROM skilllite_events`;
    const byCompletion: Record<Completion, number> = { completed: 0, partial: 0, failed: 0, pending: 0 };
    let tasks = 0;
    for (const r of ctx
      .stmt<{ completion: string; n: number }>(`SELECT ${COMPLETION} AS completion, count(*) AS n FROM (${ids}) i LEFT JOIN skilllite_results res ON res.task_id = i.task_id GROUP BY 1`)
      .all()) {
      if (isCompletion(r.completion)) byCompletion[r.completion] = r.n;
      tasks += r.n;
    }
    const buckets = new Map(ctx.stmt<{ bucket: string; n: number }>(`SELECT ${TOOL_BUCKETS} AS bucket, count(*) AS n FROM skilllite_results GROUP BY 1`).all().map((r) => [r.bucket, r.n]));
    const tokens = ctx
      .stmt<{ prompt: number; completion: number; total: number; results: number }>(
        `SELECT coalesce(sum(prompt_tokens), 0) AS prompt, coalesce(sum(completion_tokens), 0) AS completion,
        coalesce(sum(total_tokens), 0) AS total, count(total_tokens) AS results FROM skilllite_results`,
      )
      .get() ?? { prompt: 0, completion: 0, total: 0, results: 0 };
    const newSkills = ctx
      .stmt<{ task_id: string; name: string | null; description: string | null; path: string | null; txn: string | null }>(
        `SELECT task_id, json_extract(new_skill, '$.name') AS name, json_extract(new_skill, '$.description') AS description,
        json_extract(new_skill, '$.path') AS path, json_extract(new_skill, '$.txn_id') AS txn
        FROM skilllite_results WHERE new_skill IS NOT NULL ORDER BY seq DESC LIMIT 200`,
      )
      .all()
      .map((r) => ({ taskId: r.task_id, name: r.name ?? "", description: r.description ?? "", path: r.path ?? "", txnId: r.txn ?? "" }));
    const recentTasks = ctx
      .stmt<{ id: string; description: string | null; workspace: string | null; completion: string; tool_calls: number | null; total_tokens: number | null }>(
        `SELECT i.task_id AS id, t.description, t.workspace, ${COMPLETION} AS completion, res.tool_calls, res.total_tokens
        FROM (${ids}) i LEFT JOIN skilllite_tasks t ON t.id = i.task_id LEFT JOIN skilllite_results res ON res.task_id = i.task_id
        ORDER BY max(coalesce(t.seq, 0), coalesce(res.seq, 0)) DESC LIMIT 200`,
      )
      .all()
      .map((r) => ({
        id: r.id,
        description: r.description ?? "(task not received)",
        workspace: r.workspace ?? "",
        completion: isCompletion(r.completion) ? r.completion : "pending",
        toolCalls: r.tool_calls,
        totalTokens: r.total_tokens,
      }));
    return {
      tasks,
      byCompletion,
      toolCalls: BUCKET_ORDER.map((bucket) => ({ bucket, results: buckets.get(bucket) ?? 0 })),
      tokens,
      newSkills,
      recentTasks,
      seq: ctx.seqs(),
    };
  });
}

interface ResultRow {
  raw: string;
  via: string | null;
  payload_task_id: string | null;
  task_completed: number;
  tool_calls: number;
  completion_type: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  responses_with_usage: number | null;
  responses_without_usage: number | null;
  wiki_update_suggestion: string | null;
}

function resultFacts(r: ResultRow, id: string): SkillLiteResultFacts {
  return {
    via: r.via,
    payloadTaskId: r.payload_task_id ?? id,
    taskCompleted: r.task_completed === 1,
    toolCalls: r.tool_calls,
    completionType: r.completion_type,
    llmUsage: {
      promptTokens: r.prompt_tokens,
      completionTokens: r.completion_tokens,
      totalTokens: r.total_tokens,
      responsesWithUsage: r.responses_with_usage,
      responsesWithoutUsage: r.responses_without_usage,
    },
    wikiUpdateSuggestion: r.wiki_update_suggestion,
  };
}

export function skillLiteTask(ctx: ReadContext, id: string): SkillLiteTask | null {
  return ctx.snapshot(() => {
    const task = ctx.stmt<{ raw: string }>("SELECT raw FROM skilllite_tasks WHERE id = ?").get(id);
    const result = ctx.stmt<ResultRow>("SELECT * FROM skilllite_results WHERE task_id = ?").get(id);
    const events = ctx
      .stmt<{ via: string; event: string; code: string | null; message: string | null; raw: string; stream: string; seq: number }>(
        "SELECT via, event, code, message, raw, stream, seq FROM skilllite_events WHERE task_id = ? ORDER BY id",
      )
      .all(id);
    if (!task && !result && events.length === 0) return null;
    return {
      id,
      taskRaw: task?.raw ?? null,
      resultRaw: result?.raw ?? null,
      result: result ? resultFacts(result, id) : null,
      events,
    };
  });
}

/** The variant name of a tagged value: a bare string, or an object's one key. */
const KIND = (path: string) => `CASE json_type(event, '${path}') WHEN 'text' THEN json_extract(event, '${path}')
  WHEN 'object' THEN (SELECT key FROM json_each(event, '${path}') LIMIT 1) ELSE 'unknown' END`;

/** Benchmark runs, newest first: start / stop, steps, tool calls by exit kind, failures. */
export function benchmarkRuns(ctx: ReadContext, limit: number): BenchmarkRuns {
  return ctx.snapshot(() => {
    const runs = ctx
      .stmt<{ run_id: string; kind: string; task_id: string; policy_id: string; started: number | null; stopped: number | null; steps: number; tools: number; failures: number; root: string | null }>(
        `SELECT run_id, min(benchmark_kind) AS kind, min(task_id) AS task_id, min(policy_id) AS policy_id,
          min(CASE WHEN event_type = 'RunStart' THEN ts_ms END) AS started,
          max(CASE WHEN event_type = 'RunStop' THEN ts_ms END) AS stopped,
          sum(event_type = 'Step') AS steps, sum(event_type = 'ToolCall') AS tools, sum(event_type = 'Failure') AS failures,
          max(CASE WHEN event_type = 'Failure' THEN ${KIND("$.Failure.first_failure_root")} END) AS root
        FROM benchmark_events GROUP BY run_id ORDER BY max(seq) DESC LIMIT ?`,
      )
      .all(limit);
    const ids = JSON.stringify(runs.map((r) => r.run_id));
    const exits = ctx
      .stmt<{ run_id: string; kind: string; n: number }>(
        `SELECT run_id, ${KIND("$.ToolCall.exit_kind")} AS kind, count(*) AS n FROM benchmark_events
        WHERE event_type = 'ToolCall' AND run_id IN (SELECT value FROM json_each(?)) GROUP BY 1, 2`,
      )
      .all(ids);
    const perRun = new Map<string, Record<string, number>>();
    const total: Record<string, number> = {};
    for (const e of exits) {
      perRun.set(e.run_id, { ...perRun.get(e.run_id), [e.kind]: e.n });
      total[e.kind] = (total[e.kind] ?? 0) + e.n;
    }
    return {
      runs: runs.map((r) => ({
        runId: r.run_id,
        kind: r.kind,
        taskId: r.task_id,
        policyId: r.policy_id,
        startedMs: r.started,
        stoppedMs: r.stopped,
        steps: r.steps,
        toolCalls: r.tools,
        failures: r.failures,
        exitKinds: perRun.get(r.run_id) ?? {},
        failureRoot: r.root,
      })),
      exitKinds: total,
      seq: ctx.seqs(),
    };
  });
}
