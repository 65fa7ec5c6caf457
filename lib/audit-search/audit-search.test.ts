import { describe, expect, it } from "vitest";
import { completeAuditQuery } from "./complete";
import { formatAuditQuery, parseAuditQuery } from "./parse";

describe("parseAuditQuery", () => {
  it("reads field terms, quoted values, words and phrases", () => {
    const r = parseAuditQuery('decision:deny rule:path_allowlist "outside allowed" executor:"exec 7" timeout');
    expect(r).toEqual({
      ok: true,
      query: {
        terms: [
          { field: "decision", value: "deny" },
          { field: "rule", value: "path_allowlist" },
          { field: "executor", value: "exec 7" },
        ],
        text: ["outside allowed", "timeout"],
      },
    });
  });

  it("is case-insensitive on field names and keeps escaped quotes", () => {
    expect(parseAuditQuery('Rule:"a \\"b\\""')).toEqual({ ok: true, query: { terms: [{ field: "rule", value: 'a "b"' }], text: [] } });
  });

  it.each([
    ["decision:", /decision: needs a value/, 0],
    ['rule:"unclosed', /unclosed quote at position 6/, 5],
    ['"outside allowed', /unclosed quote at position 1/, 0],
    ["foo:bar", /unknown field "foo"/, 0],
    ["decision:maybe", /decision: "maybe" is not one of allow, deny, transform/, 0],
    ["deny sandbox:docker", /sandbox: "docker"/, 5],
  ])("refuses %j with a clear message", (input, message, at) => {
    const r = parseAuditQuery(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(message);
      expect(r.error.at).toBe(at);
    }
  });

  it("accepts an empty query and round-trips through its text form", () => {
    expect(parseAuditQuery("   ")).toEqual({ ok: true, query: { terms: [], text: [] } });
    const q = parseAuditQuery('rule:"a b" decision:deny "x y" z');
    if (!q.ok) throw new Error("should parse");
    expect(parseAuditQuery(formatAuditQuery(q.query))).toEqual(q);
  });

  it("never throws on hostile input", () => {
    for (const s of ['"', ":", "a:", '\\"', "x:\"\\", "decision:\u0000", "💥:x", "a".repeat(10_000), ':"" :""']) expect(() => parseAuditQuery(s)).not.toThrow();
  });
});

describe("completeAuditQuery", () => {
  it("completes field names, then known and indexed values", () => {
    expect(completeAuditQuery("dec", 3).items.map((c) => c.insert)).toEqual(["decision:"]);
    expect(completeAuditQuery("decision:d", 10).items.map((c) => c.insert)).toEqual(["decision:deny"]);
    const r = completeAuditQuery("deny executor:ex", 16, { executor: ["exec-1", "other", "exec 2"] });
    expect(r.from).toBe(5);
    expect(r.items.map((c) => c.insert)).toEqual(["executor:exec-1", 'executor:"exec 2"']);
  });
});
