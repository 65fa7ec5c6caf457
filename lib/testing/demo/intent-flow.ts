import { stringifyLossless } from "@/lib/protocol/json";
import {
  CAPABILITIES,
  EXECUTORS,
  nsAt,
  type Capability,
  type DemoContext,
  type Domain,
} from "./context";
import { uuidV4, uuidV7, fakeSha256 } from "./ids";
import { paramsFor, resourceOf, tamperParams, type Params } from "./intent-params";
import { signIntentText, type DemoKey } from "./keys";
import { evaluatePolicy } from "./policy";
import type { Prng } from "./prng";
import { durationFor, executionError, okOutput } from "./result-output";
import { resourceUsage, sandboxModeFor, securityContext, type AllowlistHit } from "./security";
import type { Emit, SignatureState } from "./types";

/**
 * One intent's life on the bus: the signed intent, the policy audit, the result and
 * the execution audit, each at a realistic offset after the one before.
 */

export type ExecutionStatus =
  "ok" | "error" | "denied" | "timeout" | "killed" | "success" | "failed";

export interface IntentFlowInput {
  atMs: number;
  capability?: Capability;
  domain?: Domain;
  /** Links the intent to a DAG node (metadata). */
  session?: { sessionId: string; nodeId: string; agent: string };
}

export interface IntentFlowOutcome {
  intentId: string;
  status: ExecutionStatus;
  /** When the result is published. */
  resultAtMs: number;
}

function chooseSigner(
  ctx: DemoContext,
  prng: Prng,
  agent: string | undefined,
): { key: DemoKey; state: SignatureState } {
  const trusted = ctx.keys.trusted.find((k) => k.agent === agent) ?? prng.pick(ctx.keys.trusted);
  const state = prng.weighted<SignatureState>([
    ["verified", 80],
    ["untrusted-signer", 8],
    ["unsigned", 6],
    ["invalid", 6],
  ]);
  return { key: state === "untrusted-signer" ? ctx.keys.untrusted : trusted, state };
}

function chooseStatus(prng: Prng): ExecutionStatus {
  return prng.weighted<ExecutionStatus>([
    ["ok", 78],
    ["error", 9],
    ["timeout", 4],
    ["killed", 2.5],
    ["success", 3.5],
    ["failed", 3],
  ]);
}

export function intentFlow(
  ctx: DemoContext,
  prng: Prng,
  emit: Emit,
  input: IntentFlowInput,
): IntentFlowOutcome {
  const capability = input.capability ?? prng.pick(CAPABILITIES);
  const domain =
    input.domain ??
    prng.weighted<Domain>([
      ["production", 4],
      ["staging", 3],
      ["research", 2],
      ["ci", 3],
    ]);
  const signer = chooseSigner(ctx, prng, input.session?.agent);
  const agent = input.session?.agent ?? signer.key.agent;
  const createdNs = nsAt(ctx, input.atMs, prng);
  const id = uuidV7(prng, Number(createdNs / 1_000_000n));
  const signedParams = paramsFor(capability, prng);
  const metadata: Record<string, unknown> = { agent, trace_id: prng.hex(16) };
  if (input.session) {
    metadata.session_id = input.session.sessionId;
    metadata.node_id = input.session.nodeId;
  }
  const ttl = prng.pick([30000, 60000, 120000, 300000]);
  const nonce = uuidV4(prng);
  // Field order is `Intent`'s declaration order.
  const intent = (params: Params, signature_b64: string) => ({
    id,
    capability,
    domain,
    params,
    created_at_ns: createdNs,
    ttl_ms: ttl,
    nonce,
    signer: signer.key.signer,
    signature_b64,
    metadata,
  });
  let params = signedParams;
  let signature = "";
  if (signer.state !== "unsigned") {
    signature = signIntentText(stringifyLossless(intent(signedParams, "")), signer.key);
    if (signer.state === "invalid") params = tamperParams(capability, signedParams, prng);
  }
  // Smith's admission parks some intents under backpressure on its quarantine subjects;
  // they never run. Session-driven intents are always admitted (their nodes wait on them).
  const parked = !input.session && prng.chance(0.03);
  emit({
    subject: `smith.intents.${parked ? "quarantine" : "vetted"}.${capability}`,
    headers: { "capability-digest": ctx.capabilityDigests[capability] },
    payload: stringifyLossless(intent(params, signature)),
    atMs: input.atMs,
    signature: signer.state,
  });

  if (parked) return { intentId: id, status: "denied", resultAtMs: input.atMs };

  // Policy audit: admission happens a few ms after the intent lands.
  const executors = EXECUTORS[domain];
  const executorId = prng.pick(executors);
  const policyAt = input.atMs + prng.int(2, 15);
  const policy = evaluatePolicy(
    { capability, domain, params, signature: signer.state, agent, signer: signer.key.signer },
    prng,
  );
  const sandbox = securityContext(
    policy.denied ? null : sandboxModeFor(domain, prng),
    id,
    prng,
    null,
  );
  const admission = (status: ExecutionStatus, atMs: number, hits: AllowlistHit[] | null) => ({
    intent_id: id,
    result_status: status,
    timestamp_ns: nsAt(ctx, atMs, prng),
    executor_id: executorId,
    policy_decisions: policy.decisions,
    security_context: { ...sandbox, allowlist_hits: hits },
  });
  emit({
    subject: `smith.audit.policy.${id}`,
    payload: stringifyLossless(admission(policy.denied ? "denied" : "ok", policyAt, null)),
    atMs: policyAt,
  });

  let status: ExecutionStatus;
  let resultAt: number;
  let startedNs: bigint;
  let finishedNs: bigint;
  let output: unknown = null;
  let error: { code: string; message: string } | null = null;
  let runnerMeta: Record<string, unknown>;
  let usage: Record<string, unknown> | null = null;
  if (policy.denied) {
    status = "denied";
    resultAt = policyAt + prng.int(1, 5);
    startedNs = nsAt(ctx, resultAt, prng);
    finishedNs = startedNs;
    error = {
      code: "POLICY_DENIED",
      message: `Intent denied by policy: ${policy.denied.rule_name}: ${policy.denied.reason}`,
    };
    runnerMeta = { pid: 0, cpu_ms: 0, max_rss_kb: 0, capability_digest: null };
  } else {
    status = chooseStatus(prng);
    const startAt = policyAt + prng.int(3, 80);
    const timeoutMs = typeof params.timeout_ms === "number" ? params.timeout_ms : 30000;
    let durationMs = durationFor(capability, prng);
    if (status === "timeout") durationMs = timeoutMs + prng.int(0, 40);
    if (status === "killed")
      durationMs = prng.int(Math.min(durationMs, 200), Math.max(durationMs, 400));
    resultAt = startAt + durationMs + prng.int(1, 6);
    startedNs = nsAt(ctx, startAt, prng);
    finishedNs = startedNs + BigInt(durationMs) * 1_000_000n + BigInt(prng.int(0, 999_999));
    if (status === "ok" || status === "success")
      output = okOutput(capability, params, durationMs, prng);
    if (status === "error" || status === "failed")
      ({ output, error } = executionError(capability, params, durationMs, prng));
    if (status === "timeout")
      error = { code: "EXECUTION_OTHER", message: `execution timed out after ${timeoutMs} ms` };
    if (status === "killed") {
      error = {
        code: "EXECUTION_OTHER",
        message: "runner killed: memory limit exceeded (134217728 bytes)",
      };
    }
    const cpuMs = Math.max(1, Math.round(durationMs * prng.float(0.05, 0.9)));
    const maxRssKb = status === "killed" ? 131072 : prng.int(2800, 240_000);
    const legacy = status === "success" || status === "failed";
    runnerMeta = {
      pid: prng.int(1200, 64000),
      cpu_ms: cpuMs,
      max_rss_kb: maxRssKb,
      capability_digest: legacy ? null : ctx.capabilityDigests[capability],
    };
    usage = resourceUsage({ capability, durationMs, cpuMs, maxRssKb }, prng);
  }
  emit({
    subject: `smith.results.${id}`,
    payload: stringifyLossless({
      intent_id: id,
      status,
      output,
      error,
      started_at_ns: startedNs,
      finished_at_ns: finishedNs,
      runner_meta: runnerMeta,
      audit_ref: {
        id: `audit-${id}`,
        timestamp: Number(finishedNs / 1_000_000_000n),
        hash: prng.chance(0.7) ? "placeholder" : fakeSha256(prng),
      },
    }),
    atMs: resultAt,
  });

  const auditAt = resultAt + prng.int(1, 10);
  const res = resourceOf(capability, params);
  const hits: AllowlistHit[] | null = policy.denied
    ? null
    : Array.from({ length: prng.int(1, 3) }, (_, i) => ({
        resource_type: res.type,
        resource_id:
          i === 0 ? res.id : prng.pick(["/usr/lib/x86_64-linux-gnu", "/etc/ssl/certs", "/tmp"]),
        operation: i === 0 ? res.op : "read",
        timestamp_ns: startedNs + BigInt(prng.int(100_000, 5_000_000)),
      }));
  emit({
    subject: `smith.audit.execution.${id}`,
    payload: stringifyLossless({ ...admission(status, auditAt, hits), resource_usage: usage }),
    atMs: auditAt,
  });
  return { intentId: id, status, resultAtMs: resultAt };
}
