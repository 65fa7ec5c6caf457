import { describe, expect, it } from "vitest";
import { parseAuditQuery } from "@/lib/audit-search/parse";
import { addTerm } from "./query-text";

describe("addTerm", () => {
  it("appends a term the parser reads back, quoting values with spaces or quotes", () => {
    const q = addTerm(addTerm('"outside allowed"', "rule", 'path "allow" list'), "decision", "deny");
    const parsed = parseAuditQuery(q);
    expect(parsed.ok && parsed.query).toEqual({
      terms: [
        { field: "rule", value: 'path "allow" list' },
        { field: "decision", value: "deny" },
      ],
      text: ["outside allowed"],
    });
  });

  it("does not add a term twice", () => {
    expect(addTerm("decision:deny", "decision", "deny")).toBe("decision:deny");
    expect(addTerm("", "executor", "exec-1")).toBe("executor:exec-1");
  });
});

describe("addTerm on a single-valued field", () => {
  it("replaces the field's other value instead of asking for both", () => {
    expect(addTerm('rule:r1 decision:deny "outside allowed"', "decision", "allow")).toBe('rule:r1 decision:allow "outside allowed"');
    expect(addTerm("rule:r1", "rule", "r2")).toBe("rule:r1 rule:r2");
  });
});
