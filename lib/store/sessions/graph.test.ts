import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StreamSequencer, tempStore, type TempStore } from "@/lib/testing/store-fixtures";

const S = "5e551011-0000-4000-8000-000000000001";
const A = "a0000000-0000-4000-8000-00000000000a";
const B = "b0000000-0000-4000-8000-00000000000b";
const C = "c0000000-0000-4000-8000-00000000000c";
const AB = "e0000000-0000-4000-8000-0000000000ab";
const BC = "e0000000-0000-4000-8000-0000000000bc";
const INTENT = "01972aba-8fc6-71c1-aa39-bdc4f4533443";

const node = (id: string, label: string, status: string, extra: Record<string, string> = {}) => ({
  id,
  label,
  node_type: "tool_call",
  metadata: { status, ...extra },
});
const edge = (id: string, from: string, to: string) => ({
  id,
  from,
  to,
  label: null,
  edge_type: "depends_on",
});
const delta = (d: {
  add?: unknown[];
  edges?: unknown[];
  rmNodes?: string[];
  rmEdges?: string[];
}) => ({
  type: "GraphDelta",
  data: {
    request_id: null,
    nodes_added: d.add ?? [],
    edges_added: d.edges ?? [],
    nodes_removed: d.rmNodes ?? [],
    edges_removed: d.rmEdges ?? [],
  },
});

const DELTAS = [
  delta({ add: [node(A, "Plan", "pending"), node(B, "Read", "pending")], edges: [edge(AB, A, B)] }),
  delta({ add: [node(A, "Plan", "running", { intent_id: INTENT })] }),
  delta({
    add: [
      node(A, "Plan", "ok", { intent_id: INTENT }),
      node(B, "Read", "running"),
      node(C, "Write", "pending"),
    ],
    edges: [edge(BC, B, C)],
  }),
  delta({ rmNodes: [C], rmEdges: [BC] }),
  delta({ add: [node(C, "Write", "pending")], edges: [edge(BC, B, C)] }),
  // Added and removed in one delta: the removal is applied after, so B is gone.
  delta({ add: [node(B, "Read", "ok")], rmNodes: [B] }),
];

let t: TempStore;
beforeAll(() => {
  t = tempStore();
  const seq = new StreamSequencer();
  const records = DELTAS.map((d) => seq.raw(`smith.events.graph.${S}`, d));
  // Two batches, the second delivered twice: the graph must not change.
  t.store.applyBatch(records.slice(0, 3));
  t.store.applyBatch(records.slice(3));
  expect(t.store.applyBatch(records.slice(3)).duplicates).toBe(3);
}, 60_000);
afterAll(() => t.cleanup());

const shape = (seq?: number) => {
  const g = t.store.sessionGraph(S, seq);
  return {
    asOf: g?.asOfSeq,
    nodes: Object.fromEntries((g?.nodes ?? []).map((n) => [n.label, n.status])),
    edges: (g?.edges ?? []).map((e) => e.id).sort(),
  };
};

describe("a session's graph over time", () => {
  it("is the latest state by default, without dangling edges", () => {
    expect(shape()).toEqual({ asOf: 6, nodes: { Plan: "ok", Write: "pending" }, edges: [] });
  });

  it.each([
    [0, {}, []],
    [1, { Plan: "pending", Read: "pending" }, [AB]],
    [2, { Plan: "running", Read: "pending" }, [AB]],
    [3, { Plan: "ok", Read: "running", Write: "pending" }, [AB, BC]],
    [4, { Plan: "ok", Read: "running" }, [AB]],
    [5, { Plan: "ok", Read: "running", Write: "pending" }, [AB, BC]],
    [6, { Plan: "ok", Write: "pending" }, []],
  ])("as of seq %i", (seq, nodes, edges) => {
    expect(shape(seq)).toEqual({ asOf: seq, nodes, edges: [...edges].sort() });
  });

  it("caps a seq beyond what the index holds at the stream's cursor", () => {
    expect(shape(1000)).toEqual(shape());
  });

  it("links nodes to their intent and reports each node's version", () => {
    const g = t.store.sessionGraph(S, 2);
    const plan = g?.nodes.find((n) => n.id === A);
    expect(plan).toMatchObject({ intentId: INTENT, version: 2, metadata: { status: "running" } });
    const detail = t.store.getIntent(INTENT);
    expect(detail?.intent).toBeNull();
    expect(detail?.graphNodes).toEqual([
      {
        sessionId: S,
        nodeId: A,
        label: "Plan",
        nodeType: "tool_call",
        status: "ok",
        present: true,
      },
    ]);
  });

  it("lists the session with its present nodes by status", () => {
    const [s] = t.store.listSessions({ limit: 5 }).items;
    expect(s).toMatchObject({
      sessionId: S,
      title: "Plan",
      firstSeq: 1,
      lastSeq: 6,
      deltas: 6,
      nodes: 2,
      edges: 0,
      statusCounts: { ok: 1, pending: 1 },
    });
  });

  it("answers null for an unknown session", () => {
    expect(t.store.sessionGraph("00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
