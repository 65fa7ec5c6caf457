import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorSchema } from "@/lib/queries/list-schema";
import { sessionGraphSchema, sessionListSchema } from "@/lib/queries/sessions-schema";
import { applyInBatches, demoRecords, tempStore, type TempStore } from "../test-helpers";
import { handleSessionGraph, handleSessionList } from "./sessions";
import { allPages, call, ok, refused } from "./test-api";

const { messages, records } = demoRecords(3000);
const sessions = [
  ...new Set(
    messages
      .filter((m) => !m.malformed && m.subject.startsWith("smith.events.graph."))
      .map((m) => m.subject.slice("smith.events.graph.".length)),
  ),
];

let t: TempStore;
beforeAll(() => {
  t = tempStore();
  applyInBatches(t.store, records.slice(0, 2000));
}, 60_000);
afterAll(() => t.cleanup());

const list = (q: Record<string, string | number>) =>
  ok(sessionListSchema, (url) => handleSessionList(() => t.store, url), q);
const graph = (id: string, q: Record<string, string | number> = {}) =>
  ok(sessionGraphSchema, (url) => handleSessionGraph(() => t.store, id, url), q);

describe("GET /api/sessions", () => {
  it("lists sessions newest first, and pages stay stable as sessions grow and new ones start", async () => {
    const first = await list({ limit: 2 });
    const seenBefore = t.store.listSessions({ limit: 1000 }).items.map((s) => s.sessionId);
    applyInBatches(t.store, records.slice(2000));
    const rest = await allPages((cursor) =>
      list({ limit: 2, cursor: cursor ?? first.nextCursor ?? "" }),
    );
    const seen = [...first.items, ...rest].map((s) => s.sessionId);
    expect(seen).toEqual(seenBefore);
    const now = await allPages((cursor) => list({ limit: 3, ...(cursor ? { cursor } : {}) }));
    expect(now.map((s) => s.sessionId).sort()).toEqual([...sessions].sort());
    const big = now.reduce((a, b) => (b.nodes > a.nodes ? b : a));
    expect(Object.values(big.statusCounts).reduce((a, b) => a + b, 0)).toBe(big.nodes);
  });
});

describe("GET /api/sessions/[id]/graph", () => {
  it("answers the latest graph, and the graph as of any seq within the session", async () => {
    const [s] = (await list({ limit: 1 })).items;
    const id = s?.sessionId ?? "";
    const latest = await graph(id);
    expect(latest.nodes.length).toBe(s?.nodes);
    expect(latest.edges.length).toBe(s?.edges);
    expect(latest.seq).toEqual(t.store.cursors());
    const before = await graph(id, { seq: (s?.firstSeq ?? 1) - 1 });
    expect(before.nodes).toEqual([]);
    const start = await graph(id, { seq: s?.firstSeq ?? 0 });
    expect(start.asOfSeq).toBe(s?.firstSeq);
    expect(start.nodes.length).toBeGreaterThan(0);
    for (const n of start.nodes) expect(n.version).toBeLessThanOrEqual(start.asOfSeq);
    const ids = new Set(start.nodes.map((n) => n.id));
    for (const e of start.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
    const atEnd = await graph(id, { seq: s?.lastSeq ?? 0 });
    expect({ ...atEnd, asOfSeq: 0 }).toEqual({ ...latest, asOfSeq: 0 });
  });

  it("answers 404 for an unknown session and 400 for a bad seq", async () => {
    const missing = await call((url) => handleSessionGraph(() => t.store, "nope", url));
    expect(missing.status).toBe(404);
    expect(apiErrorSchema.parse(missing.body).error).toMatch(/session nope not found/);
    const id = sessions[0] ?? "";
    for (const q of ["seq=-1", "seq=abc", "seq=1.5", "seq=1&seq=2"])
      await refused((url) => handleSessionGraph(() => t.store, id, url), q, "seq");
    await refused((url) => handleSessionList(() => t.store, url), "cursor=abc", "cursor");
  });
});
