import { describe, expect, it } from "vitest";
import { intersectFilters } from "../protocol/subject-match";
import { isReadable, narrowToReadable, readableSubjects } from "./readable-subjects";

describe("readable subjects", () => {
  it("a viewer reads no audit trail but the policy decisions the intent list shows", () => {
    const viewer = readableSubjects("viewer");
    expect(isReadable(viewer, "smith.audit.>")).toBe(false);
    expect(isReadable(viewer, "smith.audit.exec.x")).toBe(false);
    expect(isReadable(viewer, "smith.>")).toBe(false);
    expect(isReadable(viewer, "smith.audit.policy.x")).toBe(true);
    expect(isReadable(viewer, "smith.intents.vetted.>")).toBe(true);
    expect(isReadable(readableSubjects("auditor"), "smith.audit.>")).toBe(true);
  });

  it("intersects filters token by token", () => {
    expect(intersectFilters("smith.audit.*.abc", "smith.audit.policy.>")).toBe("smith.audit.policy.abc");
    expect(intersectFilters("smith.>", "smith.intents.>")).toBe("smith.intents.>");
    expect(intersectFilters("smith.results.x", "smith.results.>")).toBe("smith.results.x");
    expect(intersectFilters("smith.results", "smith.results.>")).toBeNull();
    expect(intersectFilters("smith.audit.>", "smith.intents.>")).toBeNull();
    expect(intersectFilters("a.*", "a.b")).toBe("a.b");
  });

  it("narrows what a view wants to what the role may read", () => {
    expect(narrowToReadable(["smith.results.abc", "smith.audit.*.abc"], readableSubjects("viewer"))).toEqual(["smith.results.abc", "smith.audit.policy.abc"]);
    expect(narrowToReadable(["smith.audit.>"], readableSubjects("auditor"))).toEqual(["smith.audit.>"]);
  });
});
