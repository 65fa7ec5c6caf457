import { describe, expect, it } from "vitest";
import { subjectCoveredBy, subjectsOverlap } from "./subject-overlap";

describe("subjectsOverlap", () => {
  it.each([
    ["smith.intents.vetted.>", "smith.intents.vetted.*", true],
    ["smith.intents.vetted.>", "smith.intents.raw.*", false],
    ["smith.>", "smith.results.abc", true],
    ["smith.results.*", "smith.results.a.b", false],
    ["smith.results.>", "smith.results", false],
    ["a.*.c", "a.b.*", true],
    ["a.b", "a.b", true],
    ["a.b", "a.c", false],
    ["newt.replies.>", "skilllite.>", false],
  ])("%s ~ %s → %s", (a, b, expected) => {
    expect(subjectsOverlap(a, b)).toBe(expected);
    expect(subjectsOverlap(b, a)).toBe(expected);
  });
});

describe("subjectCoveredBy", () => {
  it.each([
    ["smith.intents.vetted.fs.read.v1", "smith.intents.vetted.*", false],
    ["smith.intents.vetted.fs.read.v1", "smith.intents.vetted.>", true],
    ["smith.intents.vetted.*", "smith.intents.vetted.>", true],
    ["smith.intents.vetted.>", "smith.intents.vetted.*", false],
    ["smith.results.x", "smith.results.*", true],
    ["smith.results", "smith.results.>", false],
  ])("%s ⊆ %s → %s", (s, f, expected) => {
    expect(subjectCoveredBy(s, f)).toBe(expected);
  });
});
