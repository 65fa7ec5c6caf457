import { describe, expect, it } from "vitest";
import { countValues, MAX_MESSAGE_VALUES } from "./limits";
import { decodeMessage } from "./subjects";

describe("message size limit", () => {
  it("counts every JSON value, and stops past the limit", () => {
    expect(countValues({ a: [1, 2, { b: null }], c: "x" })).toBe(7);
    expect(countValues(Array(1_000_000).fill(0), 10)).toBe(11);
  });

  it("quarantines a message with more values than the limit, with the reason", () => {
    const payload = `{"type":"GraphDelta","data":{"nodes_added":[${Array(MAX_MESSAGE_VALUES + 1).fill("{}").join(",")}],"edges_added":[],"nodes_removed":[],"edges_removed":[]}}`;
    const r = decodeMessage("smith.events.graph.s1", payload);
    expect(r.ok ? null : r.reason).toBe(`too large: more than ${MAX_MESSAGE_VALUES} JSON values`);
  });

  it("still accepts a 2,000-node delta", () => {
    const node = (i: number) => `{"id":"00000000-0000-4000-8000-${String(i).padStart(12, "0")}","label":"n${i}","node_type":"tool_call","metadata":{"status":"ok","duration_ms":"12","intent_id":""}}`;
    const payload = `{"type":"GraphDelta","data":{"nodes_added":[${Array.from({ length: 2000 }, (_, i) => node(i)).join(",")}],"edges_added":[],"nodes_removed":[],"edges_removed":[]}}`;
    expect(decodeMessage("smith.events.graph.s1", payload).ok).toBe(true);
  });
});
