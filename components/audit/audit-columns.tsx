import Link from "next/link";
import { memo, type ReactNode } from "react";
import type { AuditEventItem } from "@/lib/contract/audit";
import { Badge } from "../ui/badge";
import { DECISION_LOOKS, EXECUTION_LOOKS, lookFor, SIGNATURE_LOOKS } from "../ui/status-looks";
import { Time } from "../ui/time-zone";

export const AUDIT_ROW_HEIGHT = 40;
export const AUDIT_GRID =
  "grid grid-cols-[10.5rem_6.5rem_7.5rem_7rem_4.5rem_minmax(10rem,1fr)_6rem_4rem_8.5rem] gap-2 items-center px-3";

export const AUDIT_COLUMNS = ["Time", "Intent", "Capability", "Executor", "Channel", "Decision", "Status", "Sandbox", "Signature"] as const;

export function AuditHeader() {
  return (
    <div role="row" className={`${AUDIT_GRID} h-9 border-b border-zinc-200 text-xs font-medium uppercase text-zinc-500 dark:border-zinc-800`}>
      {AUDIT_COLUMNS.map((h) => (
        <span role="columnheader" key={h}>
          {h}
        </span>
      ))}
    </div>
  );
}

/** Deny and invalid-signature rows stand out: tinted, with a side bar, and their badges say why. */
export function alarmOf(e: { decision: string; signatureState: string | null }): string | null {
  const why = [e.decision === "deny" ? "denied by policy" : null, e.signatureState === "invalid" ? "invalid signature" : null].filter(Boolean);
  return why.length > 0 ? why.join(", ") : null;
}

// An inset bar, not a border: the row's cells stay aligned with the others.
export const ALARM_ROW = "bg-red-50/70 shadow-[inset_4px_0_0_0_#dc2626] dark:bg-red-950/40";

/** Rules behind the decision, the ones that decided it first. */
export function ruleNames(decisions: readonly { ruleName: string; decision: string }[], overall: string): string {
  const first = decisions.filter((d) => d.decision === overall);
  const rest = decisions.filter((d) => d.decision !== overall);
  return [...first, ...rest].map((d) => d.ruleName).join(", ");
}

export function shortId(id: string): string {
  return id.length > 13 ? `…${id.slice(-12)}` : id;
}

export const AuditCells = memo(function AuditCells({ row }: { row: AuditEventItem }) {
  const rules = ruleNames(row.decisions, row.decision);
  return (
    <>
      <span role="cell" className="truncate text-xs tabular-nums">
        <Time ms={row.tsMs} withMillis={false} />
      </span>
      <span role="cell" className="truncate font-mono text-xs">
        {/* No prefetch: rows scroll past by the hundred. */}
        <Link href={`/intents/${encodeURIComponent(row.intentId)}`} prefetch={false} className="text-sky-700 hover:underline dark:text-sky-400" aria-label={`Intent ${row.intentId}`} title={row.intentId}>
          {shortId(row.intentId)}
        </Link>
      </span>
      <span role="cell" className="truncate font-mono text-xs">{row.capability ?? "—"}</span>
      <span role="cell" className="truncate font-mono text-xs" title={row.executorId}>{row.executorId}</span>
      <span role="cell" className="truncate text-xs">{row.channel}</span>
      <span role="cell" className="flex min-w-0 items-center gap-2" title={row.decisions.map((d) => `${d.ruleName}: ${d.decision} — ${d.reason}`).join("\n")}>
        {row.decision === "none" ? <span className="text-xs text-zinc-500">—</span> : <Badge look={lookFor(DECISION_LOOKS, row.decision)} />}
        <span className="truncate font-mono text-xs">{rules}</span>
      </span>
      <span role="cell">
        <Badge look={lookFor(EXECUTION_LOOKS, row.status)} />
      </span>
      <span role="cell" className="truncate text-xs">{row.sandboxMode}</span>
      <span role="cell">
        {row.signatureState === null ? <span className="text-xs text-zinc-500" title="The intent is not indexed yet">unknown</span> : <Badge look={lookFor(SIGNATURE_LOOKS, row.signatureState)} />}
      </span>
    </>
  );
});

/** A positioned row of a virtual audit table; deny and invalid-signature rows stand out. */
export function AuditTableRow(p: { grid: string; alarm: string | null; index: number; start: number; children: ReactNode }) {
  return (
    <div
      role="row"
      aria-rowindex={p.index + 1}
      data-alarm={p.alarm ?? undefined}
      title={p.alarm ? `Stands out: ${p.alarm}` : undefined}
      className={`${p.grid} absolute left-0 right-0 border-b border-zinc-100 dark:border-zinc-900 ${p.alarm ? ALARM_ROW : "hover:bg-zinc-50 dark:hover:bg-zinc-900"}`}
      style={{ height: AUDIT_ROW_HEIGHT, transform: `translateY(${p.start}px)`, contain: "strict" }}
    >
      {p.children}
    </div>
  );
}

export const AuditRow = memo(function AuditRow({ row, index, start }: { row: AuditEventItem; index: number; start: number }) {
  return (
    <AuditTableRow grid={AUDIT_GRID} alarm={alarmOf(row)} index={index} start={start}>
      <AuditCells row={row} />
    </AuditTableRow>
  );
});
