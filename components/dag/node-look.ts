import { OKABE_ITO } from "../ui/palette";
import { lookFor, NODE_LOOKS } from "../ui/status-looks";

/** A node status's icon, label and colour; "no status" when the producer sent none. */
export function nodeLook(status: string | null) {
  const look = status === null ? { label: "no status", icon: "•", color: "grey" as const } : lookFor(NODE_LOOKS, status);
  return { ...look, hex: OKABE_ITO[look.color] };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}
