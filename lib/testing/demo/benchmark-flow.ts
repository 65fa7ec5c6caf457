import { LosslessNumber, stringifyLossless } from "@/lib/protocol/json";
import { nsAt, round, type DemoContext } from "./context";
import { rfc3339Ns, uuidV4 } from "./ids";
import type { Prng } from "./prng";
import type { Emit } from "./types";

/**
 * A benchmark run on `smith.benchmark.<kind>.<run_id>`: RunStart, steps, tool calls and
 * context decisions, maybe a failure, RunStop, sometimes an optimizer suggestion.
 * `event_type` is externally tagged and `data` repeats it, as `BenchmarkEvent::new` does.
 */

type Kind =
  | "run_start"
  | "run_stop"
  | "step"
  | "tool_call"
  | "context_decision"
  | "failure"
  | "optimizer_update";
const TAG: Record<Kind, string> = {
  run_start: "RunStart",
  run_stop: "RunStop",
  step: "Step",
  tool_call: "ToolCall",
  context_decision: "ContextDecision",
  failure: "Failure",
  optimizer_update: "OptimizerUpdate",
};
const TASKS = [
  "swe_bench_astropy__astropy-12907",
  "swe_bench_django__django-11099",
  "swe_bench_sympy__sympy-20590",
  "swe_bench_psf__requests-2317",
];
const TOOLS = ["bash", "str_replace_editor", "grep", "ripgrep", "file_edit", "pytest"];

/** serde_json writes a whole f32/f64 as `2.0`; keep that exact text. */
function f(x: number): number | LosslessNumber {
  return Number.isInteger(x) ? new LosslessNumber(x.toFixed(1)) : x;
}

function runConfig(prng: Prng) {
  return {
    max_iterations: prng.pick([10, 20, 30]),
    temperature: f(prng.pick([0.2, 0.5, 0.7])),
    context_window: prng.pick([8192, 32768, 131072]),
    pruning_threshold: f(prng.pick([0.7, 0.8, 0.9])),
    planner_depth: prng.int(2, 4),
    debate_rounds: prng.int(1, 3),
    available_tools: prng.shuffle(TOOLS).slice(0, prng.int(3, 5)),
    tool_timeout_ms: 30000,
    retry_policy: {
      max_retries: 3,
      backoff_ms: 1000,
      exponential_backoff: true,
      retry_on_flake: true,
      retry_on_timeout: prng.chance(0.5),
    },
    execution_timeout: { secs: 600, nanos: 0 },
    failing_tests_patience: 3,
    no_progress_timeout: { secs: 300, nanos: 0 },
    docker_image: "smith:latest",
    tools_commit: prng.hex(7),
    sandbox_limits: {
      memory_mb: 4096,
      cpu_cores: f(2),
      disk_mb: 10240,
      network_enabled: prng.chance(0.5),
      execution_timeout_ms: 600000,
    },
  };
}

export function benchmarkRunFlow(ctx: DemoContext, prng: Prng, emit: Emit, atMs: number): void {
  const runId = uuidV4(prng);
  const taskId = prng.pick(TASKS);
  const policyId = prng.pick(["policy_v1", "policy_v2", "policy_v3-pruning"]);
  const cfgHash = prng.hex(8);
  const envHash = prng.hex(8);
  // u64: now and then above 2^53, which only a lossless reader keeps exact.
  const seed: number | bigint = prng.chance(0.2)
    ? 14695981039346656037n - BigInt(prng.int(0, 1_000_000))
    : prng.int(1, 2 ** 31);
  let t = atMs;
  const send = (kind: Kind, body: unknown) => {
    const eventType = { [TAG[kind]]: body };
    const event = {
      run_id: runId,
      task_id: taskId,
      step_id: uuidV4(prng),
      ts: rfc3339Ns(nsAt(ctx, t, prng)),
      policy_id: policyId,
      cfg_hash: cfgHash,
      env_hash: envHash,
      seed,
      event_type: eventType,
      data: eventType,
    };
    emit({
      subject: `smith.benchmark.${kind}.${runId}`,
      payload: stringifyLossless(event),
      atMs: t,
    });
  };

  send("run_start", runConfig(prng));
  const steps = prng.int(8, 28);
  let tokens = 0;
  let toolErrors = 0;
  for (let i = 0; i < steps; i++) {
    t += prng.int(300, 2500);
    const kind = prng.weighted<Kind>([
      ["step", 5],
      ["tool_call", 4],
      ["context_decision", 2],
    ]);
    if (kind === "step") {
      const tokensIn = prng.int(500, 9000);
      const tokensOut = prng.int(50, 1500);
      tokens += tokensIn + tokensOut;
      send("step", {
        step_type: prng.pick(["Reason", "Act", "Observe", "Conclude", "Plan", "Debate"]),
        content: prng.pick([
          "Reading the failing test",
          "The fixture uses a naive datetime",
          "Apply the patch and rerun",
          "Plan: reproduce, fix, verify",
        ]),
        tokens_in: tokensIn,
        tokens_out: tokensOut,
        wall_time_ms: prng.int(200, 9000),
        planned_step: prng.chance(0.6),
        context_kb: prng.int(4, 180),
      });
    } else if (kind === "tool_call") {
      const exit = prng.weighted<unknown>([
        ["Ok", 80],
        [{ Deterministic: "exit status 1" }, 6],
        [{ Flake: "connection reset" }, 4],
        ["Timeout", 4],
        ["Oom", 1],
        [{ UserError: "no such file" }, 3],
        [{ SystemError: "sandbox unavailable" }, 2],
      ]);
      if (exit !== "Ok") toolErrors++;
      send("tool_call", {
        tool_name: prng.pick(TOOLS),
        tool_args_hash: prng.hex(8),
        latency_ms: prng.logInt(20, 20000),
        retries: prng.weighted([
          [0, 8],
          [1, 2],
          [2, 1],
        ]),
        exit_kind: exit,
        evidence_footprint: {
          files_read: ["astropy/modeling/separable.py"].slice(0, prng.int(0, 1)),
          files_modified: prng.chance(0.3) ? ["astropy/modeling/separable.py"] : [],
          lines_changed: prng.int(0, 40),
          tests_added: prng.int(0, 2),
          tests_modified: prng.int(0, 1),
          bytes_read: prng.int(0, 200_000),
          bytes_written: prng.int(0, 8000),
        },
        user_feedback_score: prng.chance(0.3) ? f(prng.pick([3.5, 4, 4.5, 5])) : null,
        intent_accuracy: prng.chance(0.5) ? round(prng.float(0.5, 1), 2) : null,
      });
    } else {
      send("context_decision", {
        segment_id: `context_${prng.int(100, 999)}`,
        kept: prng.chance(0.6),
        segment_kb: prng.int(1, 120),
        segment_type: prng.pick([
          "FileContent",
          "SearchResults",
          "ConversationHistory",
          "ToolOutput",
          "ReasoningContext",
          "Documentation",
          "ErrorLogs",
        ]),
        impact_probe_ev: prng.chance(0.5) ? round(prng.float(0, 1), 3) : null,
        pruning_algorithm: prng.pick(["threshold_based", "lru", "shadow_replay"]),
        confidence_score: round(prng.float(0.5, 0.99), 3),
      });
    }
  }
  const success = prng.chance(0.55);
  if (!success) {
    t += prng.int(100, 800);
    send("failure", {
      first_failure_root: prng.pick<unknown>([
        { Build: { error_type: "compilation_error", command: "python setup.py build_ext" } },
        { Import: { missing_module: "erfa", suggested_fix: "pip install pyerfa" } },
        { Flake: { flaky_test: "test_separable::test_nested", failure_rate: 0.2 } },
        { Semantic: { logic_error: "wrong matrix axis", context: "separability_matrix" } },
      ]),
      recovery_attempts: [
        {
          strategy: "rerun_failed_tests",
          success: false,
          time_spent_ms: prng.int(2000, 40000),
          side_effects: [],
        },
      ],
      final_error_state: {
        recoverable: prng.chance(0.5),
        error_category: "test_failure",
        confidence: round(prng.float(0.5, 0.95), 2),
        similar_failures: prng.int(0, 12),
      },
      contributing_factors: ["context pruned the fixture definition"],
      remediation_suggestions: ["raise pruning_threshold for ErrorLogs segments"],
    });
  }
  t += prng.int(200, 1500);
  const passed = prng.int(10, 120);
  const failedTests = success ? 0 : prng.int(1, 6);
  send("run_stop", {
    success,
    wall_time_ms: Math.round(t - atMs),
    total_tokens: tokens,
    tool_errors: toolErrors,
    stability_variance: round(prng.float(0, 0.3), 3),
    final_score: success ? f(100) : round(prng.float(10, 80), 1),
    failing_tests: success ? [] : ["astropy/modeling/tests/test_separable.py::test_nested"],
    tests_passed: passed,
    tests_failed: failedTests,
    files_modified: prng.int(0, 4),
    early_stopped: !success && prng.chance(0.4),
    early_stop_reason: success
      ? null
      : prng.pick([null, "failing_tests_patience exhausted", "no progress for 300 s"]),
  });
  if (prng.chance(0.3)) {
    t += prng.int(500, 3000);
    send("optimizer_update", {
      suggested_config: runConfig(prng),
      confidence: round(prng.float(0.4, 0.9), 2),
      expected_improvement: round(prng.float(0.01, 0.15), 3),
      exploration_vs_exploitation: round(prng.float(0.1, 0.5), 2),
      reasoning:
        "Higher pruning threshold kept the failing fixture in context in 3 of 4 similar runs.",
    });
  }
}
