import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorSchema } from "@/lib/contract/list";
import { applyGraphChanges } from "@/lib/graph/apply-delta";
import {
  nodeHistorySchema,
  sessionDeltasSchema,
  sessionGraphSchema,
  sessionListSchema,
  sessionTimelineSchema,
  type SessionGraph,
} from "@/lib/contract/sessions";
import { applyInBatches, demoRecords, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import { handleNodeHistory, handleSessionDeltas, handleSessionGraph, handleSessionList, handleSessionTimeline } from "./sessions";
import { allPages, call, ok, refused } from "./test-api";

const { messages, records } = demoRecords(3000);
const sessions = [
  ...new Set(
    messages
      // GraphDelta sessions, and planner workflows (each has its own update subject).
      .filter((m) => !m.malformed && /^smith\.(events\.graph|planner_exec\.streams)\./.test(m.subject))
      .map((m) => m.subject.split(".").at(-1) ?? ""),
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

const timeline = (id: string) => ok(sessionTimelineSchema, () => handleSessionTimeline(() => t.store, id));
const deltas = (id: string, q: Record<string, string | number>) =>
  ok(sessionDeltasSchema, (url) => handleSessionDeltas(() => t.store, id, url), q);

const sorted = (g: SessionGraph) => ({
  nodes: [...g.nodes].sort((a, b) => a.id.localeCompare(b.id)),
  edges: [...g.edges].sort((a, b) => a.id.localeCompare(b.id)),
});

describe("time travel: timeline and deltas", () => {
  it("lists every seq that changed a session, and replaying its deltas on an early graph gives the graph of any later seq", async () => {
    const big = (await allPages((cursor) => list({ limit: 50, ...(cursor ? { cursor } : {}) }))).reduce((a, b) => (b.deltas > a.deltas ? b : a));
    const id = big.sessionId;
    const tl = await timeline(id);
    expect(tl.seqs.length).toBeGreaterThan(3);
    expect(tl.seqs[0]).toBe(big.firstSeq);
    expect(tl.seqs.at(-1)).toBe(big.lastSeq);
    expect([...tl.seqs].sort((a, b) => a - b)).toEqual(tl.seqs);
    expect(tl.publishedNs.every((ns) => ns !== null)).toBe(true);

    const from = tl.seqs[1] ?? 0;
    const to = tl.seqs[Math.floor(tl.seqs.length / 2)] ?? 0;
    let replayed = await graph(id, { seq: from });
    let after = from;
    for (;;) {
      const page = await deltas(id, { after, until: to, limit: 3 });
      replayed = applyGraphChanges(replayed, page.items);
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    expect(sorted(replayed)).toEqual(sorted(await graph(id, { seq: to })));
  });

  it("gives one node's versions with their times, and 404s / 400s for bad input", async () => {
    const [s] = (await list({ limit: 1 })).items;
    const id = s?.sessionId ?? "";
    const g = await graph(id);
    const n = g.nodes.find((x) => x.status !== "pending") ?? g.nodes[0];
    const h = await ok(nodeHistorySchema, () => handleNodeHistory(() => t.store, id, n?.id ?? ""));
    expect(h.versions.length).toBeGreaterThan(0);
    expect(h.versions.at(-1)?.status).toBe(n?.status);
    expect(h.versions.at(-1)?.seq).toBe(n?.version);
    expect((await call(() => handleNodeHistory(() => t.store, id, "nope"))).status).toBe(404);
    expect((await call(() => handleSessionTimeline(() => t.store, "nope"))).status).toBe(404);
    for (const q of ["after=-1", "after=1&until=0", "limit=0"])
      await refused((url) => handleSessionDeltas(() => t.store, id, url), q, q.startsWith("limit") ? "limit" : q.includes("until") ? "until" : "after");
  });
});

describe("session list filters", () => {
  it("filters by state and text, and sorts by last activity across pages", async () => {
    const all = await allPages((cursor) => list({ limit: 50, ...(cursor ? { cursor } : {}) }));
    for (const state of ["running", "finished", "failed"] as const) {
      const some = await allPages((cursor) => list({ limit: 2, state, ...(cursor ? { cursor } : {}) }));
      expect(some.map((x) => x.sessionId)).toEqual(all.filter((x) => x.state === state).map((x) => x.sessionId));
      for (const x of some) {
        const c = x.statusCounts;
        const active = (c.pending ?? 0) + (c.running ?? 0);
        const failed = (c.error ?? 0) + (c.denied ?? 0) + (c.timeout ?? 0) + (c.killed ?? 0);
        expect(state === "running" ? active > 0 : state === "failed" ? active === 0 && failed > 0 : active + failed === 0).toBe(true);
      }
    }
    const byActivity = await allPages((cursor) => list({ limit: 2, sort: "activity", ...(cursor ? { cursor } : {}) }));
    expect(byActivity.map((x) => x.lastSeq)).toEqual([...all.map((x) => x.lastSeq)].sort((a, b) => b - a));
    const titled = all.find((x) => x.title);
    const word = titled?.title?.split(" ")[0]?.toUpperCase() ?? "";
    const hits = await list({ q: word, limit: 500 });
    expect(hits.items.map((x) => x.sessionId)).toEqual(all.filter((x) => x.title?.toUpperCase().includes(word)).map((x) => x.sessionId));
    const prefix = (await list({ q: all[0]?.sessionId.slice(0, 13) ?? "", limit: 500 })).items;
    expect(prefix.map((x) => x.sessionId)).toContain(all[0]?.sessionId);
    await refused((url) => handleSessionList(() => t.store, url), "state=done", "state");
    await refused((url) => handleSessionList(() => t.store, url), "sort=size", "sort");
    const started = await list({ limit: 1 });
    await refused((url) => handleSessionList(() => t.store, url), `sort=activity&cursor=${started.nextCursor}`, "cursor");
  });
});
