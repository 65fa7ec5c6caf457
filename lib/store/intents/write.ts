import "server-only";
import type { IntentStage } from "@/lib/protocol/subjects";
import type { SignatureVerdict } from "@/lib/protocol/signature";
import { intentExpiresAtNs, type Intent } from "@/lib/protocol/smith-intent";
import { resultOutcome, type IntentResult } from "@/lib/protocol/smith-result";
import type { Db } from "../core/db";
import { intentDocRowid } from "../core/fts-docs";
import type { IngestRecord } from "../core/types";
import type { AuditWriter } from "../audit/write";
import { jsonText, jsonTextOrNull, nsSpanMs, nsToMs, searchText, stringField } from "../core/values";

interface ResultLink {
  status: string;
  status_norm: string;
  error_code: string | null;
  error_message: string | null;
  started_at_ns: string;
  duration_ms: number;
}

interface IntentLink {
  rowid: number;
  fts_version: number;
  ident: string;
  search_text: string;
  expires_at_ns: string;
}

/** Started after it expired: `started_at_ns > created_at_ns + ttl_ms·1e6`, exactly. */
function ranLate(startedNs: bigint, expiresNs: bigint): number {
  return startedNs > expiresNs ? 1 : 0;
}

function ident(i: Pick<Intent, "id" | "capability" | "domain" | "signer">): string {
  return `${i.id} ${i.capability} ${i.domain} ${i.signer}`;
}

/**
 * Intents and results, linked at write time in both directions: an intent that arrives
 * after its result takes the result's status at insert; a result that arrives after its
 * intent updates it. Either way the intent row carries what the list filters on.
 */
export function createIntentWriter(db: Db, audit: AuditWriter) {
  const resultOf = db.prepare<ResultLink>(`SELECT status, status_norm, error_code, error_message,
    started_at_ns, duration_ms FROM results WHERE intent_id = ?`);
  // The event's facts are its combo's (schema-v10.ts).
  const admissionOf = db.prepare<{ decision: string; executor_id: string }>(`SELECT c.decision,
    c.executor_id FROM audit_events a CROSS JOIN audit_combos c ON c.id = a.combo
    WHERE a.intent_id = ? AND c.channel IN ('policy', 'execution')
    ORDER BY c.channel = 'policy' DESC, a.ts_ms LIMIT 1`);
  const insertIntent = db.prepare(`INSERT OR IGNORE INTO intents
    (id, capability, domain, signer, signature_state, signature_reason, stage, created_at_ns,
     created_ms, ttl_ms, expires_at_ns, expires_ms, nonce, params, metadata, search_text,
     capability_digest, session_id, node_id, raw, stream, seq, status, result_status,
     error_code, duration_ms, ran_late, decision, executor_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertDoc = db.prepare(
    "INSERT INTO intent_fts (rowid, ident, body, error) VALUES (?, ?, ?, ?)",
  );
  const bumpVersion = db.prepare("UPDATE intents SET fts_version = ? WHERE rowid = ?");
  const insertResult = db.prepare(`INSERT OR IGNORE INTO results
    (intent_id, status, status_norm, error_code, error_message, started_at_ns, started_ms,
     finished_at_ns, finished_ms, duration_ms, runner_meta, output, audit_ref, stream, seq)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const intentOf =
    db.prepare<IntentLink>(`SELECT rowid, fts_version, id || ' ' || capability || ' ' ||
    domain || ' ' || signer AS ident, search_text, expires_at_ns FROM intents WHERE id = ?`);
  const linkResult = db.prepare(`UPDATE intents SET status = ?, result_status = ?,
    error_code = ?, duration_ms = ?, ran_late = ? WHERE rowid = ?`);
  const heldRaw = db.prepare<{ raw: string }>("SELECT raw FROM intents WHERE id = ?");
  const copyHeld = db.prepare<{ one: number }>(
    "SELECT 1 AS one FROM intent_copies WHERE intent_id = ? AND raw = ? LIMIT 1",
  );
  const insertCopy = db.prepare(`INSERT OR IGNORE INTO intent_copies
    (intent_id, stream, seq, subject, raw, signature_state, signature_reason,
     capability_digest, published_ns, received_ms)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);

  return {
    /**
     * What a message repeating an intent id already indexed is: byte for byte the same
     * (a redelivery, or the same message captured through two routes: nothing changes),
     * or a copy with other bytes, kept in intent_copies with its own verdict. The verdict
     * is asked for only then, through the same handle as a first copy's.
     */
    applyRepeat(
      r: IngestRecord,
      id: string,
      raw: string,
      verdict: () => SignatureVerdict,
    ): "new" | "redelivery" | "conflict" {
      const held = heldRaw.get(id);
      if (!held) return "new";
      if (held.raw === raw || copyHeld.get(id, raw)) return "redelivery";
      const v = verdict();
      insertCopy.run(
        id,
        r.stream,
        r.seq,
        r.subject,
        raw,
        v.state,
        v.reason,
        r.headers?.["capability-digest"]?.[0] ?? null,
        r.publishedAtNs?.toString() ?? null,
        Date.now(),
      );
      return "conflict";
    },

    /** Returns false when an intent with this id was already indexed. */
    applyIntent(
      r: IngestRecord,
      i: Intent,
      raw: string,
      stage: IntentStage,
      verdict: SignatureVerdict,
    ): boolean {
      const expiresNs = intentExpiresAtNs(i);
      const result = resultOf.get(i.id);
      const admission = admissionOf.get(i.id);
      const meta = i.metadata;
      const text = `${searchText(i.params)} ${searchText(meta)}`;
      const res = insertIntent.run(
        i.id,
        i.capability,
        i.domain,
        i.signer,
        verdict.state,
        verdict.reason,
        stage,
        i.created_at_ns.toString(),
        nsToMs(i.created_at_ns),
        i.ttl_ms,
        expiresNs.toString(),
        nsToMs(expiresNs),
        i.nonce,
        jsonText(i.params),
        jsonText(meta),
        text,
        r.headers?.["capability-digest"]?.[0] ?? null,
        stringField(meta, "session_id"),
        stringField(meta, "node_id"),
        raw,
        r.stream,
        r.seq,
        result?.status_norm ?? "pending",
        result?.status ?? null,
        result?.error_code ?? null,
        result?.duration_ms ?? null,
        result ? ranLate(BigInt(result.started_at_ns), expiresNs) : null,
        admission?.decision ?? null,
        admission?.executor_id ?? null,
      );
      if (res.changes === 0) return false;
      const errorText = result?.error_code
        ? `${result.error_code} ${result.error_message ?? ""}`
        : "";
      insertDoc.run(intentDocRowid(res.lastInsertRowid, 0), ident(i), text, errorText);
      // Audit events that came first have documents without the params: rewrite them.
      if (admission) audit.refreshDocs(i.id);
      return true;
    },

    /** Returns false when a result for this intent was already indexed. */
    applyResult(r: IngestRecord, res: IntentResult): boolean {
      const norm = resultOutcome(res.status, res.error);
      const duration = nsSpanMs(res.started_at_ns, res.finished_at_ns);
      const error = res.error ?? null;
      const ins = insertResult.run(
        res.intent_id,
        res.status,
        norm,
        error?.code ?? null,
        error?.message ?? null,
        res.started_at_ns.toString(),
        nsToMs(res.started_at_ns),
        res.finished_at_ns.toString(),
        nsToMs(res.finished_at_ns),
        duration,
        jsonText(res.runner_meta),
        jsonTextOrNull(res.output),
        jsonText(res.audit_ref),
        r.stream,
        r.seq,
      );
      if (ins.changes === 0) return false;
      const intent = intentOf.get(res.intent_id);
      if (intent) {
        const late = ranLate(res.started_at_ns, BigInt(intent.expires_at_ns));
        linkResult.run(norm, res.status, error?.code ?? null, duration, late, intent.rowid);
        if (error) {
          // The document's next version (see fts-docs.ts); a result comes once per intent.
          const version = intent.fts_version + 1;
          bumpVersion.run(version, intent.rowid);
          const doc = intentDocRowid(intent.rowid, version);
          insertDoc.run(doc, intent.ident, intent.search_text, `${error.code} ${error.message}`);
        }
      }
      // Only an error message changes the audit documents.
      if (error) audit.refreshDocs(res.intent_id);
      return true;
    },
  };
}

export type IntentWriter = ReturnType<typeof createIntentWriter>;
