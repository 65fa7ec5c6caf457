import type { FeedsSummary } from "./feed-registry";
import type { LiveStatus } from "./live-status";

const CONNECTION: Record<LiveStatus, string> = {
  connecting: "Connecting",
  connected: "Connected",
  reconnecting: "Reconnecting",
  offline: "Offline",
};

/** "12:03:04": the wall-clock time a user compares with their own. */
export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString("en-GB", { hour12: false });
}

/**
 * What the live indicator says. "Connected" only while the connection is up and every
 * followed stream is current: a view that is behind, or cannot reach its stream, says so.
 */
export function liveLabel(
  status: LiveStatus,
  feeds: FeedsSummary,
): { label: string; tone: "ok" | "wait" | "warn" | "down" } {
  if (status !== "connected")
    return {
      label: CONNECTION[status],
      tone: status === "offline" ? "down" : status === "connecting" ? "wait" : "warn",
    };
  switch (feeds.state) {
    case "behind": {
      const n = `${feeds.exact ? "" : "up to "}${feeds.messages} message${feeds.messages === 1 ? "" : "s"}`;
      return {
        label: `Behind by ${n} since ${clockTime(feeds.since)} — reconnecting`,
        tone: "warn",
      };
    }
    case "unreachable":
      return {
        label: `Stream unreachable since ${clockTime(feeds.since)} — reconnecting`,
        tone: "warn",
      };
    default:
      return { label: CONNECTION.connected, tone: "ok" };
  }
}
