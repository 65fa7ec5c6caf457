import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StreamSequencer, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import type { LayoutRequestMessage } from "./layout-protocol";
import { startLayoutKeeper } from "./layout-keeper";
import { ServerLayout } from "./server-layout";
import { inProcessLayout } from "./test-layout";

const SESSION = "5e551011-0000-4000-8000-0000000000a1";
const id = (n: number) => `a0000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const addNode = (n: number) => ({
  type: "GraphDelta",
  data: {
    request_id: null,
    nodes_added: [{ id: id(n), label: `step ${n}`, node_type: "tool_call", metadata: { status: "ok" } }],
    edges_added: n > 1 ? [{ id: id(1000 + n), from: id(n - 1), to: id(n), label: null, edge_type: "depends_on" }] : [],
    nodes_removed: [],
    edges_removed: [],
  },
});

let t: TempStore;
let seq: StreamSequencer;
let log: LayoutRequestMessage[];
let stop: () => void;
const deliver = (n: number) => t.store.applyBatch([seq.raw(`smith.events.graph.${SESSION}`, addNode(n))]);
let answered = 0;
/** One keeper tick; resolves once every layout it asked for is answered (ELK runs on real timers). */
const tick = async () => {
  const before = log.length;
  await vi.advanceTimersByTimeAsync(1_000);
  await vi.waitFor(() => expect(answered).toBe(log.length), { timeout: 10_000 });
  return log.length - before;
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setInterval", "Date"] });
  t = tempStore();
  seq = new StreamSequencer();
  log = [];
  answered = 0;
  const elk = inProcessLayout(log);
  stop = startLayoutKeeper(
    () => t.store,
    new ServerLayout((onAnswer, onFailure) => elk((a) => (answered++, onAnswer(a)), onFailure)),
  );
});
afterEach(() => {
  stop();
  vi.useRealTimers();
  t.cleanup();
});

describe("startLayoutKeeper", () => {
  it("lays out a session when first seen, and again once a change has been quiet for a tick", async () => {
    deliver(1);
    deliver(2);
    expect(await tick()).toBe(1); // first seen
    expect(log[0]?.nodes.map((n) => n.id)).toEqual([id(1), id(2)]);
    expect(await tick()).toBe(0); // laid out as it is
    deliver(3);
    expect(await tick()).toBe(0);
    expect(await tick()).toBe(1);
    expect(log[1]?.nodes).toHaveLength(3);
  });

  it("does not list the sessions again while nothing new is indexed and nothing waits to settle", async () => {
    const listing = vi.spyOn(t.store, "listSessions");
    deliver(1);
    expect(await tick()).toBe(1);
    const listed = listing.mock.calls.length;
    for (let i = 0; i < 5; i++) expect(await tick()).toBe(0);
    expect(listing.mock.calls.length).toBe(listed);
    deliver(2);
    expect(await tick()).toBe(0); // changed: listed, waits a tick to settle
    expect(await tick()).toBe(1);
    expect(listing.mock.calls.length).toBe(listed + 2);
  });

  it("leaves a session that keeps changing to be laid out when opened", async () => {
    deliver(1);
    expect(await tick()).toBe(1);
    let layouts = 0;
    for (let n = 2; n <= 12; n++) {
      deliver(n);
      layouts += await tick();
    }
    expect(layouts).toBe(0);
    expect(await tick()).toBe(1); // it stopped
  });
});
