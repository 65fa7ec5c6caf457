import { describe, expect, it } from "vitest";
import { LagTracker, PROBE_QUIET_MS, RECREATE_GRACE_MS, STALL_MS } from "./follow-health";

const T = 1_000_000;

describe("LagTracker", () => {
  it("a view that applies every message as it comes is current, and is asked about only when quiet", () => {
    const lag = new LagTracker(10, T);
    lag.delivered(11, 0, T + 100);
    lag.delivered(12, 0, T + 200);
    expect(lag.health(T + 10_000)).toEqual({ state: "current" });
    expect(lag.shouldProbe(T + 200 + PROBE_QUIET_MS - 1)).toBe(false);
    expect(lag.shouldProbe(T + 200 + PROBE_QUIET_MS)).toBe(true);
    expect(lag.shouldRecreate(T + 60_000)).toBe(false);
  });

  it("a consumer that holds messages and delivers none is behind after a few seconds, since when it was first seen, and is recreated", () => {
    const lag = new LagTracker(10, T);
    lag.probed(7, T + 6_000);
    expect(lag.health(T + 6_000 + STALL_MS - 1)).toEqual({ state: "current" });
    expect(lag.health(T + 6_000 + STALL_MS)).toEqual({
      state: "behind",
      messages: 7,
      exact: true,
      since: T + 6_000,
    });
    expect(lag.shouldRecreate(T + 6_000 + STALL_MS)).toBe(true);
  });

  it("a view catching up (every message applied moves it on) is not stalled, however large the backlog", () => {
    const lag = new LagTracker(0, T);
    for (let i = 1; i <= 10; i++) lag.delivered(i, 5_000 - i, T + i * 1_000);
    expect(lag.health(T + 10_000 + STALL_MS - 1)).toEqual({ state: "current" });
    expect(lag.shouldRecreate(T + 10_000 + STALL_MS - 1)).toBe(false);
  });

  it("messages replayed after a recreate (already applied) are not progress", () => {
    const lag = new LagTracker(0, T);
    lag.delivered(5, 3, T);
    lag.delivered(4, 4, T + 2_000);
    lag.delivered(5, 3, T + 2_500);
    expect(lag.health(T + STALL_MS)).toEqual({
      state: "behind",
      messages: 3,
      exact: true,
      since: T,
    });
  });

  it("a new consumer gets its grace before the next recreate, and the view stays behind since the first time", () => {
    const lag = new LagTracker(10, T);
    lag.probed(4, T);
    expect(lag.shouldRecreate(T + RECREATE_GRACE_MS)).toBe(true);
    lag.opened(6, T + RECREATE_GRACE_MS);
    expect(lag.shouldRecreate(T + RECREATE_GRACE_MS + 1)).toBe(false);
    expect(lag.health(T + RECREATE_GRACE_MS + 1)).toEqual({
      state: "behind",
      messages: 6,
      exact: true,
      since: T,
    });
    lag.delivered(16, 0, T + RECREATE_GRACE_MS + 100);
    expect(lag.health(T + RECREATE_GRACE_MS + 100)).toEqual({ state: "current" });
  });

  it("a consumer that does not answer is recreated at once; the stream's head says how far behind, exactly only for an unfiltered consumer", () => {
    const lag = new LagTracker(10, T);
    lag.unreachable("timeout", T + RECREATE_GRACE_MS);
    expect(lag.shouldRecreate(T + RECREATE_GRACE_MS)).toBe(true);
    expect(lag.health(T + RECREATE_GRACE_MS + STALL_MS)).toEqual({
      state: "unreachable",
      since: T + RECREATE_GRACE_MS,
      reason: "timeout",
    });
    lag.streamHead(30, false, T + RECREATE_GRACE_MS + 1_000);
    expect(lag.health(T + RECREATE_GRACE_MS + 1_000 + STALL_MS)).toEqual({
      state: "behind",
      messages: 20,
      exact: false,
      since: T + RECREATE_GRACE_MS + 1_000,
    });
  });

  it("the stream's head from the stream leader shows a consumer that answers but delivers nothing", () => {
    const lag = new LagTracker(10, T);
    lag.streamHead(10, true, T + PROBE_QUIET_MS);
    expect(lag.shouldProbe(T + PROBE_QUIET_MS + 1)).toBe(false);
    lag.streamHead(14, true, T + 2 * PROBE_QUIET_MS);
    expect(lag.health(T + 2 * PROBE_QUIET_MS + STALL_MS)).toEqual({
      state: "behind",
      messages: 4,
      exact: true,
      since: T + 2 * PROBE_QUIET_MS,
    });
    expect(lag.shouldRecreate(T + 2 * PROBE_QUIET_MS + STALL_MS)).toBe(true);
  });

  it("a stream with nothing past the view is current even when the consumer cannot be reached for a moment", () => {
    const lag = new LagTracker(10, T);
    lag.unreachable("timeout", T + 1_000);
    lag.streamHead(10, false, T + 1_500);
    expect(lag.health(T + 1_000 + STALL_MS - 1)).toEqual({ state: "current" });
  });
});
