import { stringifyLossless } from "@/lib/protocol/json";
import { CAPABILITIES, EXECUTORS, epochMsAt, type DemoContext } from "./context";
import { uuidV4 } from "./ids";
import type { Prng } from "./prng";
import type { Emit } from "./types";

/**
 * Executor lifecycle on `smith.events.executor.lifecycle.<executor_id>`: `Event`
 * envelopes (`{"type": ..., "data": ...}`): Ready at start, then state changes, logs
 * and the odd error. Timestamps are epoch milliseconds.
 */

export const ALL_EXECUTORS: readonly string[] = Object.values(EXECUTORS).flat();

function send(emit: Emit, executor: string, atMs: number, type: string, data: unknown): void {
  emit({
    subject: `smith.events.executor.lifecycle.${executor}`,
    payload: stringifyLossless({ type, data }),
    atMs,
  });
}

export function executorReady(
  ctx: DemoContext,
  prng: Prng,
  emit: Emit,
  executor: string,
  atMs: number,
): void {
  send(emit, executor, atMs, "StateChange", {
    request_id: null,
    state: "Starting",
    timestamp: epochMsAt(ctx, atMs),
  });
  const readyAt = atMs + prng.int(150, 900);
  send(emit, executor, readyAt, "Ready", {
    version: 0,
    capabilities: prng.shuffle(CAPABILITIES).slice(0, prng.int(4, CAPABILITIES.length)).sort(),
    service_id: uuidV4(prng),
  });
  send(emit, executor, readyAt + 1, "Log", {
    level: "Info",
    message: `${executor} ready: landlock=on seccomp=on cgroups=v2`,
    timestamp: epochMsAt(ctx, readyAt + 1),
    request_id: null,
  });
}

const LOGS = [
  ["Debug", "pulled 1 intent from JS_INTENTS (pending 0)"],
  ["Info", "intent admitted; spawning runner in sandbox"],
  ["Info", "runner exited; publishing result"],
  ["Warn", "runner exceeded 80% of mem_bytes (128 MiB)"],
  ["Warn", "capability bundle digest changed; reloading policy"],
  ["Trace", "heartbeat"],
  ["Error", "failed to publish audit event: nats: timeout (will retry)"],
] as const;

/** One piece of background chatter from a random executor. */
export function executorChatter(ctx: DemoContext, prng: Prng, emit: Emit, atMs: number): void {
  const executor = prng.pick(ALL_EXECUTORS);
  const requestId = prng.chance(0.6) ? uuidV4(prng) : null;
  const timestamp = epochMsAt(ctx, atMs);
  const kind = prng.weighted([
    ["state", 4],
    ["log", 5],
    ["error", 0.5],
  ] as const);
  if (kind === "state") {
    const state = prng.weighted([
      ["Processing", 5],
      ["Ready", 5],
      ["Error", 0.3],
      ["Shutting", 0.1],
    ] as const);
    send(emit, executor, atMs, "StateChange", {
      request_id: state === "Processing" ? requestId : null,
      state,
      timestamp,
    });
  } else if (kind === "log") {
    const [level, message] = prng.pick(LOGS);
    send(emit, executor, atMs, "Log", { level, message, timestamp, request_id: requestId });
  } else {
    send(emit, executor, atMs, "Error", {
      request_id: requestId,
      error_code: prng.pick(["SANDBOX_SETUP_FAILED", "NATS_PUBLISH_TIMEOUT", "CGROUP_LIMIT"]),
      message: prng.pick([
        "failed to create user namespace: EPERM",
        "ack for smith.results timed out after 5s",
        "pids.max reached",
      ]),
      timestamp,
    });
  }
}
