import type { BadgeLook } from "./badge";

/** Execution statuses, including the legacy `success` / `failed`. */
export const EXECUTION_LOOKS: Record<string, BadgeLook> = {
  ok: { label: "ok", icon: "✓", color: "green" },
  success: { label: "ok (success)", icon: "✓", color: "green" },
  error: { label: "error", icon: "✕", color: "vermillion" },
  failed: { label: "error (failed)", icon: "✕", color: "vermillion" },
  denied: { label: "denied", icon: "⊘", color: "purple" },
  timeout: { label: "timeout", icon: "⏱", color: "orange" },
  killed: { label: "killed", icon: "☠", color: "orange" },
  pending: { label: "pending", icon: "…", color: "grey" },
  // Derived: no result after the TTL and the grace period (rejected at admission or lost).
  "no-result": { label: "no result", icon: "∅", color: "vermillion" },
};

export const SIGNATURE_LOOKS: Record<string, BadgeLook> = {
  verified: { label: "verified", icon: "✓", color: "green" },
  invalid: { label: "invalid signature", icon: "⚠", color: "vermillion" },
  unsigned: { label: "unsigned", icon: "○", color: "grey" },
  "untrusted-signer": { label: "untrusted signer", icon: "?", color: "orange" },
};

export const DECISION_LOOKS: Record<string, BadgeLook> = {
  allow: { label: "allow", icon: "✓", color: "green" },
  deny: { label: "deny", icon: "⊘", color: "purple" },
  transform: { label: "transform", icon: "↻", color: "blue" },
};

/** A value no table knows (a newer producer's) is shown as it comes. */
export function lookFor(table: Record<string, BadgeLook>, value: string): BadgeLook {
  return table[value] ?? { label: value, icon: "•", color: "grey" };
}

/** DAG node statuses (Pilot's `metadata.status` convention); `running` is animated where drawn. */
export const NODE_LOOKS: Record<string, BadgeLook> = {
  pending: { label: "pending", icon: "…", color: "grey" },
  running: { label: "running", icon: "▶", color: "blue" },
  ok: { label: "ok", icon: "✓", color: "green" },
  error: { label: "error", icon: "✕", color: "vermillion" },
  denied: { label: "denied", icon: "⊘", color: "purple" },
  timeout: { label: "timeout", icon: "⏱", color: "orange" },
  killed: { label: "killed", icon: "☠", color: "orange" },
  skipped: { label: "skipped", icon: "↷", color: "skyBlue" },
};

export const SESSION_STATE_LOOKS: Record<string, BadgeLook> = {
  running: { label: "running", icon: "▶", color: "blue" },
  finished: { label: "finished", icon: "✓", color: "green" },
  failed: { label: "failed", icon: "✕", color: "vermillion" },
};
