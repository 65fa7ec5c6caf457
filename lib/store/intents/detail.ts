import "server-only";
import { SIGNATURE_STATES, type IntentDetail } from "@/lib/contract/intents";
import { AUDIT_COLUMNS, auditItems, type AuditRow } from "../audit/rows";
import { noResultAtMs } from "@/lib/contract/intent-outcome";
import { INTENT_COLUMNS, intentSummary, type Custody, type IntentRow } from "./list";
import type { ReadContext } from "../core/read-context";
import { oneOfOr } from "../core/row-values";
import { apiJson, nsSpanMs } from "../core/values";

export type { IntentDetail };

interface DetailRow extends IntentRow {
  nonce: string;
  params: string;
  metadata: string;
  capability_digest: string | null;
  raw: string;
  signature_reason: string;
}

interface ResultRow {
  status: string;
  status_norm: string;
  error_code: string | null;
  error_message: string | null;
  started_at_ns: string;
  finished_at_ns: string;
  duration_ms: number;
  runner_meta: string;
  output: string | null;
  audit_ref: string;
  stream: string;
  seq: number;
}

interface NodeRow {
  session_id: string;
  node_id: string;
  label: string;
  node_type: string;
  status: string | null;
  present: number;
}

interface CopyRow {
  stream: string;
  seq: number;
  subject: string;
  raw: string;
  signature_state: string;
  signature_reason: string;
  capability_digest: string | null;
  published_ns: string | null;
  received_ms: number;
}

function ttlOf(
  intent: DetailRow | undefined,
  result: ResultRow | undefined,
  custody: Custody,
): IntentDetail["ttl"] {
  if (!intent) return { state: "unknown", expiresAtNs: null, lateByMs: null, noResultAtMs: null };
  const expiresAtNs = intent.expires_at_ns;
  if (!result) {
    const at = noResultAtMs(expiresAtNs, custody.graceMs);
    const now = custody.now();
    const state = now >= at ? "no-result" : now >= at - custody.graceMs ? "expired-unanswered" : "awaiting";
    return { state, expiresAtNs, lateByMs: null, noResultAtMs: at };
  }
  // A denied intent never ran: started == finished is the executor's marker, not a start.
  if (result.status_norm === "denied") return { state: "not-run", expiresAtNs, lateByMs: null, noResultAtMs: null };
  const lateByMs = nsSpanMs(BigInt(expiresAtNs), BigInt(result.started_at_ns));
  return { state: lateByMs > 0 ? "expired-before-run" : "ran-in-time", expiresAtNs, lateByMs, noResultAtMs: null };
}

/** The intent with everything linked to it; null when nothing at all is known of the id. */
export function getIntentDetail(
  ctx: ReadContext,
  id: string,
  trustListConfigured: boolean,
  custody: Custody,
): IntentDetail | null {
  return ctx.snapshot(() => {
    const intent = ctx
      .stmt<DetailRow>(
        `SELECT ${INTENT_COLUMNS}, i.nonce, i.params, i.metadata,
        i.capability_digest, i.raw, i.signature_reason FROM intents i WHERE i.id = ?`,
      )
      .get(id);
    const result = ctx
      .stmt<ResultRow>(
        `SELECT status, status_norm, error_code, error_message, started_at_ns,
        finished_at_ns, duration_ms, runner_meta, output, audit_ref, stream, seq
        FROM results WHERE intent_id = ?`,
      )
      .get(id);
    const audit = ctx
      .stmt<AuditRow>(
        `SELECT ${AUDIT_COLUMNS} FROM audit_events a
        LEFT JOIN intents i ON i.id = a.intent_id WHERE a.intent_id = ? ORDER BY a.ts_ms, a.id`,
      )
      .all(id);
    // Linked both ways: nodes that name the intent, and the node the intent names.
    const nodes = ctx
      .stmt<NodeRow>(
        `SELECT session_id, node_id, label, node_type, status,
          removed_seq IS NULL OR updated_seq > removed_seq AS present
        FROM graph_nodes WHERE intent_id = @id
        UNION
        SELECT n.session_id, n.node_id, n.label, n.node_type, n.status,
          n.removed_seq IS NULL OR n.updated_seq > n.removed_seq
        FROM intents i JOIN graph_nodes n ON n.session_id = i.session_id AND n.node_id = i.node_id
        WHERE i.id = @id`,
      )
      .all({ id });
    if (!intent && !result && audit.length === 0 && nodes.length === 0) return null;
    const copies = intent
      ? ctx
          .stmt<CopyRow>(
            `SELECT stream, seq, subject, raw, signature_state, signature_reason, capability_digest,
            published_ns, received_ms FROM intent_copies WHERE intent_id = ? ORDER BY id`,
          )
          .all(id)
      : [];

    const events = auditItems(ctx, audit);
    const admission =
      events.find((e) => e.channel === "policy") ?? events.find((e) => e.decisions.length > 0);
    return {
      id,
      intent: intent
        ? {
            ...intentSummary(intent, custody),
            nonce: intent.nonce,
            params: apiJson(intent.params),
            metadata: apiJson(intent.metadata),
            capabilityDigest: intent.capability_digest,
            raw: intent.raw,
          }
        : null,
      signature: intent
        ? {
            state: oneOfOr(SIGNATURE_STATES, intent.signature_state, "invalid"),
            reason: intent.signature_reason,
            trustListConfigured,
          }
        : null,
      ttl: ttlOf(intent, result, custody),
      copies: copies.map((c) => ({
        stream: c.stream,
        seq: c.seq,
        subject: c.subject,
        raw: c.raw,
        signature: { state: oneOfOr(SIGNATURE_STATES, c.signature_state, "invalid"), reason: c.signature_reason },
        capabilityDigest: c.capability_digest,
        publishedAtNs: c.published_ns,
        receivedMs: c.received_ms,
      })),
      result: result
        ? {
            status: result.status,
            statusNorm: result.status_norm,
            errorCode: result.error_code,
            errorMessage: result.error_message,
            startedAtNs: result.started_at_ns,
            finishedAtNs: result.finished_at_ns,
            durationMs: result.duration_ms,
            runnerMeta: apiJson(result.runner_meta),
            output: apiJson(result.output),
            auditRef: apiJson(result.audit_ref),
            stream: result.stream,
            seq: result.seq,
          }
        : null,
      policyDecisions: admission?.decisions ?? [],
      auditEvents: events,
      graphNodes: nodes.map((n) => ({
        sessionId: n.session_id,
        nodeId: n.node_id,
        label: n.label,
        nodeType: n.node_type,
        status: n.status,
        present: n.present !== 0,
      })),
      seq: ctx.seqs(),
    };
  });
}
