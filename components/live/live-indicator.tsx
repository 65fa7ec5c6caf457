"use client";

import type { LiveStatus } from "@/lib/live/live-status";
import { useLiveStatus } from "./live-provider";

const LOOK: Record<LiveStatus, { label: string; dot: string }> = {
  connecting: { label: "Connecting", dot: "bg-zinc-400 animate-pulse" },
  connected: { label: "Connected", dot: "bg-emerald-500" },
  reconnecting: { label: "Reconnecting", dot: "bg-amber-500 animate-pulse" },
  offline: { label: "Offline", dot: "bg-red-500" },
};

/** The header's view of the browser's live NATS connection. */
export function LiveIndicator() {
  const { status, error } = useLiveStatus();
  const look = LOOK[status];
  return (
    <div
      role="status"
      aria-label={`Live connection: ${look.label}`}
      title={error ?? `Live updates over NATS WebSocket: ${look.label.toLowerCase()}`}
      className="flex items-center gap-2 rounded-full border border-zinc-200 px-3 py-1 text-xs font-medium dark:border-zinc-700"
    >
      <span aria-hidden className={`h-2 w-2 rounded-full ${look.dot}`} />
      <span>Live: {look.label}</span>
    </div>
  );
}
