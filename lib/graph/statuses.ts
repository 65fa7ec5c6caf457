import type { GraphNodeItem } from "@/lib/contract/sessions";

/** Node statuses that mean the step failed (Pilot's `metadata.status` convention). */
export const FAILED_STATUSES: ReadonlySet<string> = new Set(["error", "denied", "timeout", "killed"]);
/** Statuses of a step not finished yet. */
export const ACTIVE_STATUSES: ReadonlySet<string> = new Set(["pending", "running"]);

export function isFailed(n: Pick<GraphNodeItem, "status">): boolean {
  return n.status !== null && FAILED_STATUSES.has(n.status);
}

/** `metadata.duration_ms` as a number of milliseconds, or null when absent or not a number. */
export function nodeDurationMs(n: Pick<GraphNodeItem, "metadata">): number | null {
  const raw = n.metadata.duration_ms;
  if (raw === undefined || raw.trim() === "") return null;
  const ms = Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}
