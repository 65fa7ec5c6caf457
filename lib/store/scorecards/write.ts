import "server-only";
import type { TaskReply } from "@/lib/protocol/newt";
import type { NodeTask } from "@/lib/protocol/skilllite";
import type { SkillLiteResultMessage } from "@/lib/protocol/skilllite-results";
import { benchmarkEventTypeName, type BenchmarkEvent, type TaskFeatures } from "@/lib/protocol/smith-benchmark";
import type { SmithEvent } from "@/lib/protocol/smith-events";
import type { PolicyUpdate } from "@/lib/protocol/smith-policy";
import type { Db } from "../core/db";
import type { IngestRecord } from "../core/types";
import { bool, jsonText, jsonTextOrNull } from "../core/values";

function requestIdOf(event: SmithEvent): string | null {
  const data: Readonly<Record<string, unknown>> = event.data;
  const id = data.request_id;
  return typeof id === "string" ? id : null;
}

/** Newt replies, SkillLite tasks and results, benchmark events, other Smith events. */
export function createAgentWriter(db: Db) {
  const insertReply = db.prepare(`INSERT OR IGNORE INTO newt_replies
    (pilot_id, task_id, model_id, emission_shape, empty_diff, diff_applied, input_tokens,
     output_tokens, cost_usd, end_reason, hallucinations, elapsed_ms, endpoint, raw, stream, seq)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const upsertPilot = db.prepare(`INSERT INTO newt_pilots
      (pilot_id, stream, first_seq, last_seq, first_ns, last_ns, replies)
      VALUES (@pilot, @stream, @seq, @seq, @ns, @ns, 1)
    ON CONFLICT (pilot_id) DO UPDATE SET
      first_ns = CASE WHEN excluded.first_seq < first_seq THEN excluded.first_ns ELSE first_ns END,
      first_seq = min(first_seq, excluded.first_seq),
      last_ns = CASE WHEN excluded.last_seq > last_seq THEN excluded.last_ns ELSE last_ns END,
      last_seq = max(last_seq, excluded.last_seq),
      replies = replies + 1`);
  const insertTask = db.prepare(`INSERT OR IGNORE INTO skilllite_tasks
    (id, description, workspace, session_key, required_capabilities, tool_hint, raw, stream, seq)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertTaskResult = db.prepare(`INSERT OR IGNORE INTO skilllite_results
    (task_id, response, task_completed, tool_calls, completion_type, new_skill, prompt_tokens,
     completion_tokens, total_tokens, raw, stream, seq, payload_task_id, via,
     responses_with_usage, responses_without_usage, wiki_update_suggestion)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertTaskEvent = db.prepare(`INSERT OR IGNORE INTO skilllite_events
    (task_id, via, event, code, message, raw, stream, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertBenchmark = db.prepare(`INSERT OR IGNORE INTO benchmark_events
    (benchmark_kind, run_id, task_id, step_id, event_type, ts, ts_ms, policy_id, cfg_hash,
     env_hash, seed, event, data, stream, seq)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertFeatures = db.prepare(`INSERT OR IGNORE INTO benchmark_task_features
    (task_id, domain, repo_size_mb, file_count, dependency_count, test_count, complexity_score,
     historical_failure_rate, avg_completion_time_ms, language_mix, raw, stream, seq)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertPolicyUpdate = db.prepare(`INSERT OR IGNORE INTO policy_updates
    (action, policy_id, capability, version, tenant, priority, entrypoint, published_ns, raw, stream, seq)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertEvent = db.prepare(`INSERT OR IGNORE INTO smith_events
    (subject, category, source, type, request_id, data, stream, seq)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);

  return {
    reply(r: IngestRecord, pilotId: string, taskId: string, reply: TaskReply, raw: string) {
      const m = reply.metrics ?? null;
      const res = insertReply.run(
        pilotId,
        taskId,
        reply.model_id,
        reply.emission_shape ?? null,
        bool(reply.empty_diff),
        bool(reply.diff_applied),
        m?.usage?.input_tokens ?? null,
        m?.usage?.output_tokens ?? null,
        m?.cost_usd ?? null,
        m?.end_reason ?? null,
        m?.hallucinations ?? 0,
        m?.elapsed_ms ?? null,
        m?.endpoint ?? null,
        raw,
        r.stream,
        r.seq,
      );
      if (res.changes === 0) return false;
      upsertPilot.run({
        pilot: pilotId,
        stream: r.stream,
        seq: r.seq,
        ns: r.publishedAtNs?.toString() ?? null,
      });
      return true;
    },

    task(r: IngestRecord, t: NodeTask, raw: string) {
      const c = t.context;
      return (
        insertTask.run(
          t.id,
          t.description,
          c.workspace,
          c.session_key,
          jsonText(c.required_capabilities),
          t.tool_hint ?? null,
          raw,
          r.stream,
          r.seq,
        ).changes > 0
      );
    },

    /**
     * Filed under the subject's task id: the agent RPC's NodeResult carries a fresh UUID
     * (kept as payload_task_id). Progress lines and error bodies are the task's events.
     */
    taskResult(r: IngestRecord, taskId: string, msg: SkillLiteResultMessage, raw: string) {
      if (msg.form === "progress")
        return insertTaskEvent.run(taskId, msg.via, msg.event, null, null, raw, r.stream, r.seq).changes > 0;
      if (msg.form === "error")
        return insertTaskEvent.run(taskId, msg.via, "error", msg.code, msg.message, raw, r.stream, r.seq).changes > 0;
      const res = msg.result;
      const u = res.llm_usage ?? null;
      return (
        insertTaskResult.run(
          taskId,
          res.response,
          bool(res.task_completed),
          res.tool_calls,
          res.completion_type ?? null,
          jsonTextOrNull(res.new_skill),
          u?.prompt_tokens ?? null,
          u?.completion_tokens ?? null,
          u?.total_tokens ?? null,
          raw,
          r.stream,
          r.seq,
          res.task_id,
          msg.via,
          u?.responses_with_usage ?? null,
          u?.responses_without_usage ?? null,
          jsonTextOrNull(res.wiki_update_suggestion),
        ).changes > 0
      );
    },

    benchmark(r: IngestRecord, kind: string, e: BenchmarkEvent) {
      const tsMs = Date.parse(e.ts);
      return (
        insertBenchmark.run(
          kind,
          e.run_id,
          e.task_id,
          e.step_id,
          benchmarkEventTypeName(e.event_type),
          e.ts,
          Number.isNaN(tsMs) ? null : tsMs,
          e.policy_id,
          e.cfg_hash,
          e.env_hash,
          e.seed.toString(),
          jsonText(e.event_type),
          jsonText(e.data),
          r.stream,
          r.seq,
        ).changes > 0
      );
    },

    taskFeatures(r: IngestRecord, taskId: string | null, f: TaskFeatures, raw: string) {
      return (
        insertFeatures.run(
          taskId,
          f.domain,
          f.repo_size_mb,
          f.file_count,
          f.dependency_count,
          f.test_count,
          f.complexity_score,
          f.historical_failure_rate,
          f.avg_completion_time_ms.toString(),
          jsonText(f.language_mix),
          raw,
          r.stream,
          r.seq,
        ).changes > 0
      );
    },

    policyUpdate(r: IngestRecord, u: PolicyUpdate, raw: string) {
      const p = u.action === "upsert" ? u.policy : null;
      const policyId = p ? p.policy_id : u.action === "remove" ? u.policy_id : null;
      const capability = p ? p.capability : u.action === "reset" ? (u.capability ?? null) : null;
      return (
        insertPolicyUpdate.run(
          u.action,
          policyId,
          capability,
          p ? p.version.toString() : null,
          p?.tenant ?? null,
          p ? (p.priority ?? 0) : null,
          p?.entrypoint ?? null,
          r.publishedAtNs?.toString() ?? null,
          raw,
          r.stream,
          r.seq,
        ).changes > 0
      );
    },

    event(r: IngestRecord, category: string, source: string, e: SmithEvent) {
      const data = jsonText(e.data);
      insertEvent.run(r.subject, category, source, e.type, requestIdOf(e), data, r.stream, r.seq);
      return true;
    },
  };
}

export type AgentWriter = ReturnType<typeof createAgentWriter>;
