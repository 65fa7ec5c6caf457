import { describe, expect, it, vi } from "vitest";
import { FeedRegistry, summarize } from "./feed-registry";

describe("summarize", () => {
  it("adds up what every behind follower misses, from the earliest, and an upper bound stays one", () => {
    expect(
      summarize([
        { state: "current" },
        { state: "behind", messages: 3, exact: true, since: 20 },
        { state: "unreachable", since: 5, reason: "timeout" },
        { state: "behind", messages: 4, exact: false, since: 10 },
      ]),
    ).toEqual({ state: "behind", messages: 7, exact: false, since: 10 });
  });

  it("unreachable when nothing is known to be missed, current when all are", () => {
    expect(
      summarize([{ state: "current" }, { state: "unreachable", since: 5, reason: "x" }]),
    ).toEqual({ state: "unreachable", since: 5, reason: "x" });
    expect(summarize([{ state: "current" }])).toEqual({ state: "current" });
    expect(summarize([])).toEqual({ state: "current" });
  });
});

describe("FeedRegistry", () => {
  it("tells its listeners when the summary changes, not on every report, and forgets a removed follower", () => {
    const registry = new FeedRegistry();
    const listener = vi.fn();
    registry.subscribe(listener);
    const a = registry.add();
    const b = registry.add();
    a.report({ state: "behind", messages: 2, exact: true, since: 1 });
    const behind = registry.summary();
    a.report({ state: "behind", messages: 2, exact: true, since: 1 });
    b.report({ state: "current" });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(registry.summary()).toBe(behind);
    a.remove();
    expect(registry.summary()).toEqual({ state: "current" });
    a.report({ state: "behind", messages: 9, exact: true, since: 1 });
    expect(registry.summary()).toEqual({ state: "current" });
  });
});
