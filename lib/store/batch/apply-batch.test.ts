import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPayloadBytes, type DemoMessage } from "@/lib/testing/demo/types";
import { openStore } from "../store";
import {
  applyInBatches,
  demoRecords,
  OTHER_STREAM,
  StreamSequencer,
  tempStore,
  type TempStore,
} from "@/lib/testing/store-fixtures";
import type { IngestRecord } from "../core/types";

const N = 4000;
const { messages, records } = demoRecords(N);
const wellFormed = messages.filter((m) => !m.malformed);
const malformed = messages.filter((m) => m.malformed);
const on = (prefix: string) => wellFormed.filter((m) => m.subject.startsWith(prefix));
const idOf = (m: DemoMessage) => /"id":"([^"]+)"/.exec(m.payload)?.[1] ?? "";
const lastToken = (m: DemoMessage) => m.subject.split(".").at(-1) ?? "";

let t: TempStore;
beforeAll(() => {
  t = tempStore();
  applyInBatches(t.store, records, 500);
}, 60_000);
afterAll(() => t.cleanup());

describe("applyBatch with the demo mix", () => {
  it("keeps exactly one (stream, seq) row per message, per stream", () => {
    const expected: Record<string, { messages: number; lastSeq: number }> = {};
    for (const r of records) {
      const e = (expected[r.stream] ??= { messages: 0, lastSeq: 0 });
      e.messages++;
      e.lastSeq = Math.max(e.lastSeq, r.seq);
    }
    expect(t.store.streamCounts()).toEqual(expected);
    expect(t.store.tableCounts().messages).toBe(N);
    const cursors = t.store.cursors();
    for (const [stream, c] of Object.entries(expected)) expect(cursors[stream]).toBe(c.lastSeq);
  });

  it("indexes every well-formed message of every kind into its table", () => {
    const counts = t.store.tableCounts();
    const intents = new Set(on("smith.intents.").map(idOf));
    expect(counts.intents).toBe(intents.size);
    expect(counts.results).toBe(new Set(on("smith.results.").map(lastToken)).size);
    expect(counts.audit_events).toBe(on("smith.audit.").length);
    // GraphDelta sessions and planner workflows (each has its own update subject).
    const sessionIds = [...on("smith.events.graph."), ...on("smith.planner_exec.streams.")].map(lastToken);
    expect(counts.graph_sessions).toBe(new Set(sessionIds).size);
    expect(counts.newt_replies).toBe(on("newt.replies.").length);
    expect(counts.skilllite_tasks).toBe(on("skilllite.tasks.").length);
    expect(counts.skilllite_results).toBe(on("skilllite.results.").length);
    expect(counts.benchmark_events).toBe(on("smith.benchmark.").length);
    expect(counts.smith_events).toBe(
      wellFormed.filter(
        (m) => m.subject.startsWith("smith.events.") && !m.subject.includes(".graph."),
      ).length,
    );
    for (const kind of [
      "intents",
      "audit_events",
      "graph_nodes",
      "newt_replies",
      "skilllite_tasks",
    ])
      expect(counts[kind], kind).toBeGreaterThan(0);
  });

  it("holds every intent under its id, with the exact nanoseconds and the right signature state", () => {
    const intents = on("smith.intents.");
    expect(intents.length).toBeGreaterThan(200);
    const states = new Set<string>();
    for (const m of intents) {
      const detail = t.store.getIntent(idOf(m));
      const ns = /"created_at_ns":(\d+)/.exec(m.payload)?.[1];
      expect(detail?.intent?.createdAtNs, m.subject).toBe(ns);
      expect(detail?.intent?.raw).toBe(m.payload);
      expect(detail?.signature?.state, idOf(m)).toBe(m.signature);
      states.add(detail?.signature?.state ?? "");
    }
    expect([...states].sort()).toEqual(["invalid", "unsigned", "untrusted-signer", "verified"]);
  });

  it("quarantines every malformed sample with a reason, and nothing well-formed", () => {
    expect(malformed.length).toBeGreaterThan(10);
    const page = t.store.listQuarantine({ limit: 10_000 });
    expect(page.items).toHaveLength(malformed.length);
    const got = page.items.map((q) => `${q.subject} ${q.raw}`).sort();
    expect(got).toEqual(malformed.map((m) => `${m.subject} ${m.payload}`).sort());
    const sizes = new Map(
      malformed.map((m) => [`${m.subject} ${m.payload}`, demoPayloadBytes(m).length]),
    );
    for (const q of page.items) {
      expect(q.reason.length, q.subject).toBeGreaterThan(5);
      expect(q.size).toBe(sizes.get(`${q.subject} ${q.raw}`));
      expect(q.truncated).toBe(false);
    }
    const applied = t.store.tableCounts();
    expect(applied.quarantine).toBe(malformed.length);
  });

  it("changes nothing when the same batches are delivered again", () => {
    const before = t.store.tableCounts();
    const cursors = t.store.cursors();
    const again = applyInBatches(t.store, records, 700);
    expect(again).toEqual({ applied: 0, duplicates: N, quarantined: 0 });
    expect(t.store.tableCounts()).toEqual(before);
    expect(t.store.cursors()).toEqual(cursors);
  });

  it("keeps one typed row when a message is published again under a new seq", () => {
    const before = t.store.tableCounts();
    // Same payloads on a stream of their own: new (stream, seq), same natural keys.
    const copies = records
      .filter((_, i) => !messages[i]?.malformed)
      .slice(0, 800)
      .map((r, i): IngestRecord => ({ ...r, stream: "REPUBLISHED", seq: i + 1 }));
    const res = t.store.applyBatch(copies);
    expect(res).toEqual({ applied: copies.length, duplicates: 0, quarantined: 0 });
    const after = t.store.tableCounts();
    for (const table of ["intents", "results", "audit_events", "newt_replies"])
      expect(after[table], table).toBe(before[table]);
    expect(after.messages).toBe((before.messages ?? 0) + copies.length);
  });
});

describe("batches prepared ahead of their write", () => {
  let ahead: TempStore;
  let direct: TempStore;
  beforeAll(() => {
    ahead = tempStore();
    direct = tempStore();
    applyInBatches(direct.store, records, 500);
  }, 60_000);
  afterAll(() => {
    ahead.cleanup();
    direct.cleanup();
  });

  it("index what applyBatch does, even when prepared before an overlapping batch is written", () => {
    const first = records.slice(0, 1500);
    const second = records.slice(1000, 2600); // 500 records also in the first
    const third = records.slice(2600);
    const a = ahead.store.prepareBatch(first);
    const b = ahead.store.prepareBatch(second);
    expect(ahead.store.applyPrepared(a)).toEqual({
      applied: 1500 - malformedIn(first),
      duplicates: 0,
      quarantined: malformedIn(first),
    });
    const c = ahead.store.prepareBatch(third);
    // Held by the index only once `a` was written: still counted as duplicates, once.
    expect(ahead.store.applyPrepared(b).duplicates).toBe(500);
    ahead.store.applyPrepared(c);
    expect(ahead.store.tableCounts()).toEqual(direct.store.tableCounts());
    expect(ahead.store.streamCounts()).toEqual(direct.store.streamCounts());
  });

  it("applies a prepared batch once", () => {
    const batch = ahead.store.prepareBatch(records.slice(0, 10));
    expect(ahead.store.applyPrepared(batch).duplicates).toBe(10);
    expect(() => ahead.store.applyPrepared(batch)).toThrow(/applied once/);
  });
});

function malformedIn(part: readonly IngestRecord[]): number {
  return part.filter((r) => messages[records.indexOf(r)]?.malformed).length;
}

describe("applyBatch edge cases", () => {
  let e: TempStore;
  beforeAll(() => {
    e = tempStore();
  });
  afterAll(() => e.cleanup());

  it("caps a quarantined payload at 64 KiB and keeps its true size", () => {
    const seq = new StreamSequencer();
    const huge = `{"id":"${"x".repeat(100_000)}`;
    const res = e.store.applyBatch([seq.raw("smith.intents.vetted.fs.read.v1", huge)]);
    expect(res.quarantined).toBe(1);
    const [q] = e.store.listQuarantine({ limit: 1 }).items;
    expect(q?.size).toBe(huge.length);
    expect(q?.raw.length).toBe(64 * 1024);
    expect(q?.truncated).toBe(true);
  });

  it("keeps non-UTF-8 bytes exactly (base64) and subjects of no known kind", () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
    const res = e.store.applyBatch([
      {
        stream: "S",
        seq: 1,
        subject: "newt.replies.p.t",
        headers: { a: ["1", "2"] },
        payload: bytes,
        publishedAtNs: 1n,
      },
      {
        stream: OTHER_STREAM,
        seq: 1,
        subject: "other.thing",
        headers: null,
        payload: bytes,
        publishedAtNs: null,
      },
    ]);
    expect(res).toEqual({ applied: 0, duplicates: 0, quarantined: 2 });
    const items = e.store.listQuarantine({ limit: 10 }).items;
    const bad = items.find((q) => q.subject === "newt.replies.p.t");
    expect(Buffer.from(bad?.rawBase64 ?? "", "base64")).toEqual(Buffer.from(bytes));
    expect(bad?.headers).toEqual({ a: ["1", "2"] });
    expect(bad?.reason).toMatch(/UTF-8/);
    expect(items.find((q) => q.subject === "other.thing")?.kind).toBeNull();
  });

  it(
    "quarantines a record whose write fails and applies the rest of its batch",
    { timeout: 30_000 },
    () => {
      const { records: some, messages: msgs } = demoRecords(200);
      const target = msgs.find((m) => m.subject.startsWith("smith.intents.") && !m.malformed);
      const failing = tempStore();
      try {
        const res = applyWithFailingVerify(failing.file, some, target ? idOf(target) : "");
        expect(res.quarantined).toBe(msgs.filter((m) => m.malformed).length + 1);
        expect(res.applied + res.quarantined).toBe(some.length);
      } finally {
        failing.cleanup();
      }
    },
  );
});

/** A Store whose signature check throws for one intent: a failure inside a record's write. */
function applyWithFailingVerify(file: string, records: IngestRecord[], badId: string) {
  const store = openStore(file, {
    verifySignature: (raw) => {
      if (raw.includes(badId)) throw new Error("verifier exploded");
      return { state: "unsigned", reason: "test", trustListConfigured: false };
    },
  });
  try {
    const res = store.applyBatch(records);
    const q = store.listQuarantine({ limit: 100 }).items.find((i) => i.reason.includes("exploded"));
    expect(q?.reason).toBe("could not be indexed: verifier exploded");
    expect(store.getIntent(badId)?.intent ?? null).toBeNull();
    return res;
  } finally {
    store.close();
  }
}
