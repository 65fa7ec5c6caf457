import "server-only";
import { z } from "zod";
import type { AuditEvent, PolicyDecision } from "@/lib/protocol/smith-audit";
import { decodeMessage } from "@/lib/protocol/subjects";
import type { PayloadEntry } from "./payload-frames";
import { bool, jsonText, jsonTextOrNull } from "../core/values";

/*
 * What an audit event shows beyond its facts (the combo) and keys: derived from its one
 * stored payload (payload-frames.ts) instead of JSON copies in its row. A message as
 * received is decoded as ingest decodes it and written out as ingest wrote these columns
 * before version 10, so an answer is the same text for text. An event without its message
 * (indexed before Pilot kept messages, or imported from an executor log file) has these
 * columns themselves as its payload, written out by Pilot (`writtenOut`).
 */

export interface PayloadColumns {
  result_status: string;
  cgroup_path: string | null;
  landlock: number;
  seccomp: number;
  resource_usage: string | null;
  security_context: string;
  /** JSON array of {rule_name, decision, reason}: what the list shows of each decision. */
  decisions: string;
}

/** The decisions column: what the audit list shows of each decision, in order. */
function decisionsText(decisions: readonly PolicyDecision[]): string {
  return JSON.stringify(decisions.map((d) => ({ rule_name: d.rule_name, decision: d.decision, reason: d.reason })));
}

/** The columns of a decoded event (its `resource_usage` already null on the policy channel). */
export function eventColumns(e: AuditEvent): PayloadColumns {
  const ctx = e.security_context;
  return {
    result_status: e.result_status,
    cgroup_path: ctx.cgroup_path ?? null,
    landlock: bool(ctx.landlock_enabled),
    seccomp: bool(ctx.seccomp_enabled),
    resource_usage: jsonTextOrNull(e.resource_usage),
    security_context: jsonText(ctx),
    decisions: decisionsText(e.policy_decisions),
  };
}

const writtenSchema = z.object({
  pilot_columns: z.literal(1),
  result_status: z.string(),
  cgroup_path: z.string().nullable(),
  landlock: z.number().int(),
  seccomp: z.number().int(),
  resource_usage: z.string().nullable(),
  security_context: z.string(),
  decisions: z.string(),
});

/** The payload of an event without its message: its columns, as JSON strings. */
export function writtenOut(c: PayloadColumns): Buffer {
  return Buffer.from(JSON.stringify({ pilot_columns: 1, ...c }), "utf8");
}

/** Shown for a payload that no longer reads (never written so; a damaged file). */
const UNREADABLE: PayloadColumns = {
  result_status: "unknown",
  cgroup_path: null,
  landlock: 0,
  seccomp: 0,
  resource_usage: null,
  security_context: "{}",
  decisions: "[]",
};

/** The columns of an event of this channel from its stored payload. */
export function payloadColumns(entry: PayloadEntry | undefined, channel: string): PayloadColumns {
  if (!entry) return UNREADABLE;
  if (!entry.original) {
    try {
      const parsed = writtenSchema.safeParse(JSON.parse(Buffer.from(entry.bytes).toString("utf8")));
      return parsed.success ? parsed.data : UNREADABLE;
    } catch {
      return UNREADABLE;
    }
  }
  const subject = channel === "policy" ? "smith.audit.policy.x" : channel === "security" ? "smith.audit.security.x" : "smith.audit.execution.x";
  const m = decodeMessage(subject, entry.bytes);
  if (!m.ok) return UNREADABLE;
  if (m.kind === "audit-entry") return eventColumns({ ...m.value, resource_usage: null });
  if (m.kind === "audit-event") return eventColumns(m.value);
  return UNREADABLE;
}
