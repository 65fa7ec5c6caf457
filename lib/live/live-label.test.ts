import { describe, expect, it } from "vitest";
import { clockTime, liveLabel } from "./live-label";

const at = new Date(2025, 0, 2, 12, 3, 4).getTime();

describe("liveLabel", () => {
  it("says Connected only while the connection is up and every stream is current", () => {
    expect(liveLabel("connected", { state: "current" }).label).toBe("Connected");
    expect(
      liveLabel("reconnecting", { state: "behind", messages: 3, exact: true, since: at }).label,
    ).toBe("Reconnecting");
  });

  it("a view that is behind says by how many messages, since when, and that it is reconnecting", () => {
    expect(clockTime(at)).toBe("12:03:04");
    expect(
      liveLabel("connected", { state: "behind", messages: 20, exact: true, since: at }).label,
    ).toBe("Behind by 20 messages since 12:03:04 — reconnecting");
    expect(
      liveLabel("connected", { state: "behind", messages: 1, exact: false, since: at }).label,
    ).toBe("Behind by up to 1 message since 12:03:04 — reconnecting");
    expect(
      liveLabel("connected", { state: "unreachable", since: at, reason: "timeout" }).label,
    ).toBe("Stream unreachable since 12:03:04 — reconnecting");
  });
});
