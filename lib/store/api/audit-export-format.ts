import "server-only";
import { stringify } from "csv-stringify/sync";
import { DECISIONS, SIGNATURE_VERDICTS } from "@/lib/queries/audit-schema";
import type { AuditRow } from "../query-audit";
import { parseLossless, stringifyLossless } from "@/lib/protocol/json";
import { oneOf, oneOfOr } from "../row-values";
import { parseDecisions } from "../write-audit";

/*
 * An export's rows as text. The JSON columns (resource usage, security context) go out as
 * the index stores them, losslessly written: integers above 2^53 keep every digit (a
 * reader parses them with a lossless parser, as lib/protocol/json.ts does). Nanosecond
 * times are decimal strings. Both formats carry the list items' fields.
 */

export const CSV_COLUMNS = [
  "id",
  "timeUtc",
  "timestampNs",
  "tsMs",
  "intentId",
  "capability",
  "domain",
  "signer",
  "signatureState",
  "channel",
  "securityType",
  "executorId",
  "resultStatus",
  "status",
  "decision",
  "decisions",
  "sandboxMode",
  "cgroupPath",
  "landlock",
  "seccomp",
  "resourceUsage",
  "securityContext",
  "stream",
  "seq",
] as const;

const CHANNELS = ["policy", "execution", "security"] as const;

function decisionsJson(text: string): string {
  return JSON.stringify(
    parseDecisions(text).map((d) => ({ ruleName: d.rule_name, decision: d.decision, reason: d.reason })),
  );
}

function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}

function csvRecord(r: AuditRow): (string | number | null)[] {
  return [
    r.id,
    isoTime(r.ts_ms),
    r.timestamp_ns,
    r.ts_ms,
    r.intent_id,
    r.capability,
    r.domain,
    r.signer,
    oneOf(SIGNATURE_VERDICTS, r.signature_state),
    oneOfOr(CHANNELS, r.channel, "security"),
    r.security_type,
    r.executor_id,
    r.result_status,
    r.status_norm,
    oneOfOr(DECISIONS, r.decision, "none"),
    decisionsJson(r.decisions),
    r.sandbox_mode,
    r.cgroup_path,
    r.landlock !== 0 ? "true" : "false",
    r.seccomp !== 0 ? "true" : "false",
    r.resource_usage,
    r.security_context,
    r.stream,
    r.seq,
  ];
}

/** CSV records (RFC 4180 quoting), with the header line when `header`. */
export function csvChunk(rows: readonly AuditRow[], header: boolean): string {
  return stringify(rows.map(csvRecord), { header, columns: [...CSV_COLUMNS] });
}

/** Stored JSON on one line (the writers store it compact; this keeps JSONL safe if not). */
function oneLine(text: string): string {
  return text.includes("\n") || text.includes("\r") ? stringifyLossless(parseLossless(text)) : text;
}

/** One JSON object per line, the fields of `/api/audit` items. */
export function jsonlChunk(rows: readonly AuditRow[]): string {
  let out = "";
  for (const r of rows) {
    const scalars = JSON.stringify({
      id: r.id,
      intentId: r.intent_id,
      capability: r.capability,
      domain: r.domain,
      signer: r.signer,
      signatureState: oneOf(SIGNATURE_VERDICTS, r.signature_state),
      channel: oneOfOr(CHANNELS, r.channel, "security"),
      securityType: r.security_type,
      executorId: r.executor_id,
      resultStatus: r.result_status,
      status: r.status_norm,
      decision: oneOfOr(DECISIONS, r.decision, "none"),
      timestampNs: r.timestamp_ns,
      tsMs: r.ts_ms,
      sandboxMode: r.sandbox_mode,
      cgroupPath: r.cgroup_path,
      landlock: r.landlock !== 0,
      seccomp: r.seccomp !== 0,
      stream: r.stream,
      seq: r.seq,
    });
    // The stored JSON spliced in as it is: re-parsing it would cost more than the rest.
    out += `${scalars.slice(0, -1)},"decisions":${decisionsJson(r.decisions)},"resourceUsage":${
      r.resource_usage === null ? "null" : oneLine(r.resource_usage)
    },"securityContext":${oneLine(r.security_context)}}\n`;
  }
  return out;
}
