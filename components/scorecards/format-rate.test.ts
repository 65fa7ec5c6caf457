import { describe, expect, it } from "vitest";
import { costText } from "./format-rate";

describe("costText: Newt's cost_usd as the scorecards, reply list and reply page show it", () => {
  it.each<[string, Parameters<typeof costText>, string]>([
    ["an absent cost_usd", [null], "unknown"],
    ["a confirmed free reply (0.0)", [0], "$0 (free)"],
    ["a paid reply", [0.0201], "$0.02"],
    ["a tiny cost", [0.0004], "$0.0004"],
    ["a model none of whose replies stated a cost", [null, 0, 5], "unknown"],
    ["a model only some of whose replies stated one", [0.5, 3, 5], "≥ $0.50, 2 unknown"],
    ["a model all of whose replies stated one", [0.5, 5, 5], "$0.50"],
  ])("%s", (_name, args, text) => {
    expect(costText(...args)).toBe(text);
  });
});
