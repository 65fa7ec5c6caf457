import { describe, expect, it } from "vitest";
import { nodeVersionProblem } from "./node-version";

describe("nodeVersionProblem", () => {
  it("lets Node 24 and later through", () => {
    expect(nodeVersionProblem("24.21.0")).toBeNull();
    expect(nodeVersionProblem("26.1.0")).toBeNull();
  });

  it("stops Node 20 and 22 with the way out", () => {
    expect(nodeVersionProblem("20.20.2")).toMatch(/needs Node 24.*Node 20\.20\.2.*npm test.*source scripts\/node24\.sh/);
    expect(nodeVersionProblem("22.12.0")).toMatch(/Node 22\.12\.0/);
  });
});
