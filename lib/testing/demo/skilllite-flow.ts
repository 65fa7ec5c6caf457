import { stringifyLossless } from "@/lib/protocol/json";
import { uuidV4 } from "./ids";
import type { Prng } from "./prng";
import type { Emit } from "./types";

/**
 * A SkillLite node task and, a little later, its result: `skilllite.tasks.<id>` then
 * `skilllite.results.<id>`. Optional fields are left out when absent (never `null`).
 */

const TASKS = [
  {
    description: "Summarise yesterday's failed CI runs and group them by root cause",
    caps: ["sqlite.query", "http.fetch"],
    hint: "sqlite_query",
  },
  {
    description: "Convert the CSV export in data/orders.csv to parquet",
    caps: ["fs.read", "fs.write", "shell.exec"],
    hint: "python_exec",
  },
  {
    description: "Find every TODO older than 90 days and open an issue for each",
    caps: ["shell.exec", "http.fetch"],
    hint: "ripgrep",
  },
  {
    description: "Draft release notes for payments-api 2.14.0 from merged PRs",
    caps: ["http.fetch"],
    hint: undefined,
  },
  {
    description: "Check that every service exposes /healthz",
    caps: ["http.fetch"],
    hint: "http_probe",
  },
  {
    description: "Extract the table on page 3 of invoices/2025-05.pdf",
    caps: ["fs.read"],
    hint: "pdf_extract",
  },
  {
    description: "Write a skill that rotates the staging database password",
    caps: ["shell.exec", "fs.write"],
    hint: undefined,
  },
] as const;
const WORKSPACES = [
  "/home/dev/payments-api",
  "/home/dev/ingest-worker",
  "/srv/skilllite/workspaces/ops",
  "/home/dev/docs-site",
];

export function skillLiteFlow(prng: Prng, emit: Emit, atMs: number): void {
  const id = uuidV4(prng);
  const spec = prng.pick(TASKS);
  const context: Record<string, unknown> = {
    workspace: prng.pick(WORKSPACES),
    session_key: `sess-${prng.hex(6)}`,
  };
  // Older planners leave `required_capabilities` out; its default is [].
  if (prng.chance(0.8)) context.required_capabilities = [...spec.caps];
  const task: Record<string, unknown> = { id, description: spec.description, context };
  if (spec.hint !== undefined && prng.chance(0.8)) task.tool_hint = spec.hint;
  emit({ subject: `skilllite.tasks.${id}`, payload: stringifyLossless(task), atMs });

  const completion = prng.weighted([
    ["success", 70],
    ["partial_success", 18],
    ["failure", 12],
  ] as const);
  const toolCalls = completion === "failure" ? prng.int(0, 3) : prng.int(1, 14);
  const result: Record<string, unknown> = {
    task_id: id,
    response:
      completion === "success"
        ? `Done: ${spec.description.toLowerCase()}. ${toolCalls} tool calls, results written to the workspace.`
        : completion === "partial_success"
          ? `Partly done: ${spec.description.toLowerCase()}; 2 items need a human (permission denied on 1 file).`
          : `Could not complete the task: ${prng.pick(["the sandbox refused network access", "the tool timed out after 60 s", "the input file is missing"])}.`,
    task_completed: completion !== "failure",
    tool_calls: toolCalls,
  };
  if (completion === "success" && prng.chance(0.25)) {
    const name = prng.pick([
      "rotate-db-password",
      "csv-to-parquet",
      "ci-failure-digest",
      "healthz-probe",
    ]);
    result.new_skill = {
      name,
      description: `Reusable skill distilled from task ${id.slice(0, 8)}`,
      path: `.skills/${name}/SKILL.md`,
      txn_id: `txn-${prng.hex(8)}`,
    };
  }
  if (prng.chance(0.6)) {
    const prompt = prng.int(800, 30000);
    const completionTokens = prng.int(100, 4000);
    result.completion_type = completion;
    result.llm_usage = {
      prompt_tokens: prompt,
      completion_tokens: completionTokens,
      total_tokens: prompt + completionTokens,
      model: prng.pick(["deepseek-chat", "qwen2.5-coder-32b", "gpt-4.1-mini"]),
    };
  }
  emit({
    subject: `skilllite.results.${id}`,
    payload: stringifyLossless(result),
    atMs: atMs + prng.logInt(1500, 45000),
  });
}
