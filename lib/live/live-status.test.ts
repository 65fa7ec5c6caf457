import { describe, expect, it } from "vitest";
import type { Status } from "@nats-io/nats-core";
import { nextLiveStatus, type LiveStatus } from "./live-status";

describe("nextLiveStatus", () => {
  const cases: [Status, LiveStatus | null][] = [
    [{ type: "disconnect", server: "ws://a" }, "reconnecting"],
    [{ type: "reconnecting" }, "reconnecting"],
    [{ type: "reconnect", server: "ws://a" }, "connected"],
    [{ type: "close" }, "offline"],
    [{ type: "ping", pendingPings: 1 }, null],
    [{ type: "update", added: ["x"] }, null],
  ];
  it.each(cases)("%o → %s", (event, expected) => {
    expect(nextLiveStatus(event)).toBe(expected);
  });
});
