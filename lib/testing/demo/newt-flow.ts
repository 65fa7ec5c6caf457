import { stringifyLossless } from "@/lib/protocol/json";
import { epochMsAt, round, type DemoContext } from "./context";
import type { Prng } from "./prng";
import { CODER_TASKS, unifiedDiff, wholeFile } from "./newt-tasks";
import type { Emit } from "./types";

/**
 * A Newt pilot run: every task goes to every coder model, and each turn's TaskReply
 * lands on `newt.replies.<pilot_id>.<task_id>`. Runs alternate prompt styles, so the
 * emission-shape mix differs from one run to the next.
 */

type Shape = "whole_files" | "unified_diff" | "prose";

interface CoderModel {
  id: string;
  slug: string;
  endpoint: string;
  /** USD per million input / output tokens; absent for self-hosted models. */
  price?: readonly [number, number];
  latencyMs: readonly [number, number];
  /** How often it ignores the format and answers in prose. */
  proseRate: number;
  applyRate: number;
  hallucinationRate: number;
}

export const NEWT_MODELS: readonly CoderModel[] = [
  {
    id: "qwen2.5-coder-32b",
    slug: "qwen25c32",
    endpoint: "http://10.20.0.12:8000/v1",
    latencyMs: [6000, 45000],
    proseRate: 0.18,
    applyRate: 0.72,
    hallucinationRate: 0.2,
  },
  {
    id: "deepseek-coder-v2",
    slug: "dscv2",
    endpoint: "https://api.deepseek.com/v1",
    price: [0.14, 0.28],
    latencyMs: [5000, 30000],
    proseRate: 0.12,
    applyRate: 0.8,
    hallucinationRate: 0.12,
  },
  {
    id: "gpt-4.1-mini",
    slug: "gpt41mini",
    endpoint: "https://api.openai.com/v1",
    price: [0.4, 1.6],
    latencyMs: [3000, 20000],
    proseRate: 0.08,
    applyRate: 0.86,
    hallucinationRate: 0.06,
  },
  {
    id: "claude-sonnet-4",
    slug: "sonnet4",
    endpoint: "https://api.anthropic.com/v1",
    price: [3, 15],
    latencyMs: [4000, 28000],
    proseRate: 0.04,
    applyRate: 0.93,
    hallucinationRate: 0.03,
  },
  {
    id: "llama-3.3-70b-instruct",
    slug: "llama3370b",
    endpoint: "http://10.20.0.14:11434/v1",
    latencyMs: [8000, 60000],
    proseRate: 0.3,
    applyRate: 0.6,
    hallucinationRate: 0.25,
  },
];

const PROFILES = [
  { name: "whole-files-prompt", shapes: { whole_files: 0.75, unified_diff: 0.25 } },
  { name: "diff-first-prompt", shapes: { whole_files: 0.2, unified_diff: 0.8 } },
] as const;

export interface PilotRunOptions {
  atMs: number;
  runIndex: number;
  tasks: number;
}

function pilotId(ctx: DemoContext, runIndex: number): string {
  const day = new Date(epochMsAt(ctx, 0)).toISOString().slice(0, 10).replaceAll("-", "");
  return `pilot-${day}-r${String(runIndex + 1).padStart(2, "0")}`;
}

export function pilotRunFlow(
  ctx: DemoContext,
  prng: Prng,
  emit: Emit,
  opts: PilotRunOptions,
): { pilotId: string } {
  const id = pilotId(ctx, opts.runIndex);
  const profile = PROFILES[opts.runIndex % PROFILES.length] ?? PROFILES[0];
  for (let t = 0; t < opts.tasks; t++) {
    const task = CODER_TASKS[(t + opts.runIndex) % CODER_TASKS.length] ?? CODER_TASKS[0];
    if (!task) continue;
    const dispatchAt = opts.atMs + t * prng.int(1500, 3500);
    for (const model of NEWT_MODELS) {
      const proseRate =
        profile.name === "diff-first-prompt" ? model.proseRate * 0.6 : model.proseRate;
      const shape: Shape = prng.chance(proseRate)
        ? "prose"
        : prng.chance(profile.shapes.whole_files)
          ? "whole_files"
          : "unified_diff";
      const elapsedMs = prng.logInt(model.latencyMs[0], model.latencyMs[1]);
      const failed = prng.chance(0.03);
      const applied = shape === "unified_diff" && !failed && prng.chance(model.applyRate);
      const diffText = unifiedDiff(task);
      let content: string;
      let diff = "";
      if (failed) content = "";
      else if (shape === "whole_files") {
        content = `Here is the updated file.\n\n${wholeFile(task)}`;
        diff = diffText;
      } else if (shape === "unified_diff") {
        content = `\`\`\`diff\n${diffText}\`\`\`\n`;
        diff = applied ? diffText : "";
      } else
        content = `${task.prose}\n\nI have not changed any files yet; let me know if you want me to apply this.`;
      const reply: Record<string, unknown> = {
        model_id: model.id,
        content,
        diff,
        empty_diff: diff === "",
        diff_applied: applied,
      };
      if (!failed && prng.chance(0.95)) reply.emission_shape = shape;
      if (!failed && prng.chance(0.5)) reply.raw_emission = content;
      if (prng.chance(0.92))
        reply.metrics = turnMetrics(model, shape, elapsedMs, failed, diff === "", prng);
      emit({
        subject: `newt.replies.${id}.t${String(t + 1).padStart(3, "0")}-${task.slug}-${model.slug}`,
        payload: stringifyLossless(reply),
        atMs: dispatchAt + elapsedMs,
      });
    }
  }
  return { pilotId: id };
}

function turnMetrics(
  model: CoderModel,
  shape: Shape,
  elapsedMs: number,
  failed: boolean,
  empty: boolean,
  prng: Prng,
) {
  const m: Record<string, unknown> = { elapsed_ms: elapsedMs };
  const input = prng.int(1800, 24000);
  const output = failed ? 0 : prng.int(shape === "prose" ? 80 : 200, 3500);
  if (!failed || prng.chance(0.5)) m.usage = { input_tokens: input, output_tokens: output };
  if (model.price && m.usage)
    m.cost_usd = round((input * model.price[0] + output * model.price[1]) / 1e6, 6);
  m.model_id = model.id;
  m.endpoint = model.endpoint;
  if (prng.chance(model.hallucinationRate)) m.hallucinations = prng.int(1, 3);
  const endReason = failed
    ? prng.pick(["failed", "cancelled"])
    : shape === "prose"
      ? prng.pick([
          "narration_cap_exhausted",
          "narration_final_round",
          "completed",
          "awaiting_operator",
        ])
      : empty
        ? prng.pick(["empty", "round_cap", "completed"])
        : "completed";
  if (prng.chance(0.9)) m.end_reason = endReason;
  return m;
}
