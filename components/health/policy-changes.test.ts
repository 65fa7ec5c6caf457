import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { PolicyChange } from "@/lib/contract/policies";
import { PolicyChangesTable } from "./policy-changes";

const change = (over: Partial<PolicyChange>): PolicyChange => ({
  id: 1,
  action: "upsert",
  policyId: null,
  capability: null,
  version: null,
  tenant: null,
  priority: null,
  entrypoint: null,
  publishedNs: "1735689600123456789",
  raw: "{}",
  stream: "SMITH_POLICIES",
  seq: 1,
  ...over,
});
const text = (items: PolicyChange[]) =>
  renderToStaticMarkup(createElement(PolicyChangesTable, { items })).replace(/<[^>]+>/g, " ").replaceAll("&gt;", ">").replace(/\s+/g, " ");

describe("PolicyChangesTable", () => {
  it("lists upserts, removals and resets in the order given (newest first), each saying what changed", () => {
    const out = text([
      change({ id: 3, action: "reset", seq: 3 }),
      change({ id: 2, action: "remove", policyId: "fs-read-allowlist", seq: 2 }),
      change({ id: 1, action: "upsert", policyId: "fs-read-allowlist", version: "3", capability: "fs.read.v1", priority: 10, entrypoint: "data.smith.allow" }),
    ]);
    const reset = out.indexOf("every policy, of every capability");
    const remove = out.indexOf("remove fs-read-allowlist");
    const upsert = out.indexOf("fs-read-allowlist v3 (fs.read.v1, every tenant, priority 10) → data.smith.allow");
    expect([reset, remove, upsert].every((i) => i >= 0)).toBe(true);
    expect(reset < remove && remove < upsert).toBe(true);
    expect(out).toContain("SMITH_POLICIES #3");
  });

  it("says when no change was seen", () => {
    expect(text([])).toContain("No policy change seen on smith.policies.updates.");
  });
});
