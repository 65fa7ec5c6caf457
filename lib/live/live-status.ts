import type { Status } from "@nats-io/nats-core";

export type LiveStatus = "connecting" | "connected" | "reconnecting" | "offline";

/** How one of the client's status events moves the indicator; `null` = no change. */
export function nextLiveStatus(event: Status): LiveStatus | null {
  switch (event.type) {
    case "disconnect":
    case "reconnecting":
    case "staleConnection":
    case "forceReconnect":
      return "reconnecting";
    case "reconnect":
      return "connected";
    case "close":
      return "offline";
    default:
      return null;
  }
}
