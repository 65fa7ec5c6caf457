"use client";

import { useSyncExternalStore } from "react";
import type { FeedsSummary } from "@/lib/live/feed-registry";
import { liveLabel } from "@/lib/live/live-label";
import { useLiveConnection, useLiveStatus } from "./live-provider";

const DOT = {
  ok: "bg-emerald-500",
  wait: "bg-zinc-400 animate-pulse",
  warn: "bg-amber-500 animate-pulse",
  down: "bg-red-500",
} as const;

// One object: React compares server snapshots by identity.
const NO_FEEDS: FeedsSummary = { state: "current" };
const noFeeds = () => NO_FEEDS;

/**
 * The header's view of the tab's live updates: the NATS WebSocket connection and, while it
 * is up, whether every followed stream is current (a view that is behind says by how much).
 */
export function LiveIndicator() {
  const { status, error } = useLiveStatus();
  const live = useLiveConnection();
  const feeds = useSyncExternalStore(live.feeds.subscribe, live.feeds.summary, noFeeds);
  const { label, tone } = liveLabel(status, feeds);
  const detail = feeds.state === "unreachable" && status === "connected" ? feeds.reason : error;
  return (
    <div
      role="status"
      aria-label={`Live connection: ${label}`}
      title={detail ?? `Live updates over NATS WebSocket: ${label}`}
      className="flex items-center gap-2 rounded-full border border-zinc-200 px-3 py-1 text-xs font-medium dark:border-zinc-700"
    >
      <span aria-hidden className={`h-2 w-2 rounded-full ${DOT[tone]}`} />
      <span>Live: {label}</span>
    </div>
  );
}
