import { describe, expect, it } from "vitest";
import { makePolicy, makeResult } from "@/e2e/support/intents";
import { decodeMessage, type AuditEntry, type IntentResult } from "@/lib/protocol";
import type { IntentListPage, IntentListRow } from "@/lib/contract/intents";
import { newestFirst } from "./decode-intent-batch";
import { applyLiveBatch, IntentPagesIndex, LIVE_PAGE_ROWS, LIVE_ROWS_SETTLE_MS, type IntentPages, type LiveBatch } from "./intent-pages";

function row(id: string, extra: Partial<IntentListRow> = {}): IntentListRow {
  return {
    id,
    capability: "fs.read.v1",
    domain: "d",
    signer: "",
    signatureState: "unsigned",
    stage: "vetted",
    createdAtNs: "1",
    createdMs: 0,
    ttlMs: 1000,
    expiresAtNs: "1000000001",
    status: "pending",
    resultStatus: null,
    errorCode: null,
    durationMs: null,
    ranLate: null,
    decision: null,
    executorId: null,
    sessionId: null,
    nodeId: null,
    stream: "ATOMS_VETTED",
    seq: 1,
    conflictingCopies: 0,
    ...extra,
  };
}

const apiPage = (ids: string[], nextCursor: string | null): IntentListPage => ({ items: ids.map((id) => row(id)), nextCursor, seq: { ATOMS_VETTED: 10 } });
const snapshot = (): IntentPages => ({ pages: [apiPage(["a1", "a2"], "c1"), apiPage(["a3"], null)], pageParams: [null, "c1"] });

function batch(parts: Partial<LiveBatch>): LiveBatch {
  return { fresh: [], results: new Map(), policies: new Map(), verdicts: new Map(), seq: { ATOMS_VETTED: 11 }, ...parts };
}

function result(id: string): IntentResult {
  const decoded = decodeMessage(`smith.results.${id}`, makeResult(id));
  if (!decoded.ok || decoded.kind !== "intent-result") throw new Error("fixture");
  return { ...decoded.value, started_at_ns: 1n, finished_at_ns: 2_000_001n };
}

function policy(id: string): AuditEntry {
  const decoded = decodeMessage(`smith.audit.policy.${id}`, makePolicy(id));
  if (!decoded.ok || decoded.kind !== "audit-entry") throw new Error("fixture");
  return decoded.value;
}

const ids = (data: IntentPages) => data.pages.flatMap((p) => p.items.map((r) => r.id));

describe("applyLiveBatch", () => {
  it("puts new rows in a live page at the front and keeps the API pages as they are", () => {
    const data = snapshot();
    const index = new IntentPagesIndex();
    const { data: next, added } = applyLiveBatch(data, batch({ fresh: [row("n2"), row("n1")] }), index);
    expect(added).toBe(2);
    expect(ids(next)).toEqual(["n2", "n1", "a1", "a2", "a3"]);
    expect(next.pages).toHaveLength(3);
    expect(next.pageParams).toEqual([null, null, "c1"]);
    expect(next.pages[1]).toBe(data.pages[0]);
    expect(next.pages[2]).toBe(data.pages[1]);
    expect(next.pages[0]?.seq).toEqual({ ATOMS_VETTED: 11 });
  });

  it("fills the newest live page before starting another, and never copies more than a page", () => {
    const index = new IntentPagesIndex();
    let data = snapshot();
    let n = 0;
    const pagesBefore: IntentListPage[][] = [];
    for (let b = 0; b < 40; b++) {
      const fresh = Array.from({ length: 30 }, () => row(`n${++n}`)).reverse();
      pagesBefore.push(data.pages);
      data = applyLiveBatch(data, batch({ fresh }), index).data;
      // Every page but the first is the very object it was before (nothing copied).
      const previous = pagesBefore[pagesBefore.length - 1] ?? [];
      for (const page of data.pages.slice(1)) expect(previous).toContain(page);
    }
    const expected = Array.from({ length: n }, (_, i) => `n${n - i}`);
    expect(ids(data)).toEqual([...expected, "a1", "a2", "a3"]);
    const live = data.pages.slice(0, -2);
    expect(live.every((p) => p.items.length <= LIVE_PAGE_ROWS)).toBe(true);
    expect(live.length).toBe(Math.ceil(n / 240));
  });

  it("skips rows the list holds and repeats within a batch", () => {
    const index = new IntentPagesIndex();
    const { data, added } = applyLiveBatch(snapshot(), batch({ fresh: [row("a2"), row("n1"), row("n1")] }), index);
    expect(added).toBe(1);
    expect(ids(data)).toEqual(["n1", "a1", "a2", "a3"]);
  });

  it("patches results, decisions and verdicts wherever the row is, and hands back the rest", () => {
    const index = new IntentPagesIndex();
    let data = applyLiveBatch(snapshot(), batch({ fresh: [row("n1", { signatureState: null, pendingRaw: "{}" })] }), index).data;
    const untouched = data.pages[1];
    const out = applyLiveBatch(
      data,
      batch({
        results: new Map([["a3", result("a3")], ["n1", result("n1")], ["later", result("later")]]),
        policies: new Map([["a3", policy("a3")]]),
        verdicts: new Map([["n1", "verified"]]),
      }),
      index,
    );
    data = out.data;
    const rows = data.pages.flatMap((p) => p.items);
    expect(rows.find((r) => r.id === "a3")).toMatchObject({ status: "ok", durationMs: 2, executorId: "exec-e2e-01", decision: "allow" });
    const n1 = rows.find((r) => r.id === "n1");
    expect(n1).toMatchObject({ status: "ok", signatureState: "verified" });
    expect(n1).not.toHaveProperty("pendingRaw");
    expect(data.pages[1]).toBe(untouched);
    expect([...out.orphanResults.keys()]).toEqual(["later"]);
  });

  it("applies a batch's result to the intent arriving in the same batch", () => {
    const out = applyLiveBatch(snapshot(), batch({ fresh: [row("n1")], results: new Map([["n1", result("n1")]]) }), new IntentPagesIndex());
    expect(out.data.pages[0]?.items[0]).toMatchObject({ id: "n1", status: "ok" });
    expect(out.orphanResults.size).toBe(0);
  });

  it("follows a next page appended from outside, and a list replaced from outside", () => {
    const index = new IntentPagesIndex();
    let data = applyLiveBatch(snapshot(), batch({ fresh: [row("n1")] }), index).data;
    data = { pages: [...data.pages, apiPage(["a4"], null)], pageParams: [...data.pageParams, "c2"] };
    data = applyLiveBatch(data, batch({ fresh: [row("a4"), row("n2")], results: new Map([["a4", result("a4")]]) }), index).data;
    expect(ids(data)).toEqual(["n2", "n1", "a1", "a2", "a3", "a4"]);
    expect(data.pages.at(-1)?.items[0]?.status).toBe("ok");

    const refetched: IntentPages = { pages: [apiPage(["b1"], null)], pageParams: [null] };
    const out = applyLiveBatch(refetched, batch({ fresh: [row("n1")], results: new Map([["a4", result("a4")]]) }), index);
    expect(ids(out.data)).toEqual(["n1", "b1"]);
    expect([...out.orphanResults.keys()]).toEqual(["a4"]);
  });
});

describe("applyLiveBatch with a row limit (the view follows the top)", () => {
  const at = (ms: number) => (id: string) => row(id, { createdMs: ms });

  it("drops the oldest pages past the limit and points the next page fetch at the rows that went", () => {
    const index = new IntentPagesIndex();
    let data: IntentPages = { pages: [], pageParams: [] };
    data = { pages: [apiPage([], null)], pageParams: [null] };
    let n = 0;
    for (let b = 0; b < 30; b++) {
      const fresh = Array.from({ length: 100 }, () => ++n).reverse().map((i) => at(i)(`n${String(i).padStart(5, "0")}`));
      // A batch a minute: every page but the newest has settled (ingest has had the time).
      data = applyLiveBatch(data, batch({ fresh }), index, 1000, b * 60_000).data;
    }
    const held = ids(data);
    expect(held.length).toBeGreaterThanOrEqual(1000);
    expect(held.length).toBeLessThanOrEqual(1000 + 2 * LIVE_PAGE_ROWS);
    // The newest rows, in order, with nothing missing between them.
    expect(held).toEqual(Array.from({ length: held.length }, (_, i) => `n${String(n - i).padStart(5, "0")}`));
    expect(data.pageParams).toHaveLength(data.pages.length);
    const oldest = data.pages.at(-1)?.items.at(-1);
    expect(oldest).toBeDefined();
    const cursor = data.pages.at(-1)?.nextCursor ?? "";
    expect(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))).toEqual([oldest?.createdMs, oldest?.id]);
    // What went is forgotten: the same id can come again as a row of a fetched page.
    expect(index.has("n00001")).toBe(false);
    expect(index.has(oldest?.id ?? "")).toBe(true);
  });

  it("keeps a dropped row that sorts before the oldest kept one, so the next page skips nothing and repeats nothing", () => {
    const index = new IntentPagesIndex();
    // "late" was made after everything kept but arrived first.
    let data = applyLiveBatch({ pages: [apiPage([], null)], pageParams: [null] }, batch({ fresh: [at(900)("late")] }), index, 10, 0).data;
    for (let b = 0; b < 3; b++) {
      const fresh = Array.from({ length: LIVE_PAGE_ROWS }, (_, i) => at(100 + b * LIVE_PAGE_ROWS + (LIVE_PAGE_ROWS - i))(`r${b}-${i}`));
      data = applyLiveBatch(data, batch({ fresh }), index, 10, (b + 1) * 60_000).data;
    }
    const held = data.pages.flatMap((p) => p.items);
    expect(held.map((r) => r.id)).toContain("late");
    const cursorKey = JSON.parse(Buffer.from(data.pages.at(-1)?.nextCursor ?? "", "base64url").toString("utf8")) as [number, string];
    // Every held row sorts at or before the cursor (none comes again), and every row that went sorts after it.
    for (const r of held) expect(r.createdMs > cursorKey[0] || (r.createdMs === cursorKey[0] && r.id >= cursorKey[1])).toBe(true);
    expect(held.length).toBeLessThan(3 * LIVE_PAGE_ROWS + 1);
  });

  it("never drops rows that arrived in the last LIVE_ROWS_SETTLE_MS (the index may not hold them yet)", () => {
    const index = new IntentPagesIndex();
    let data: IntentPages = { pages: [apiPage(["old1", "old2"], "c1")], pageParams: [null] };
    let n = 0;
    const start = 1_000_000;
    for (let b = 0; b < 20; b++) {
      const fresh = Array.from({ length: 100 }, () => ++n).reverse().map((i) => at(i)(`y${String(i).padStart(5, "0")}`));
      data = applyLiveBatch(data, batch({ fresh }), index, 500, start + b * 100).data;
    }
    // 2,000 live rows within two seconds: all kept; the API page is indexed and goes.
    expect(ids(data)).toHaveLength(2000);
    expect(ids(data)).not.toContain("old1");
    const later = applyLiveBatch(data, batch({ fresh: [at(n + 1)("z")] }), index, 500, start + 2_000 + LIVE_ROWS_SETTLE_MS).data;
    expect(ids(later).length).toBeLessThanOrEqual(500 + 2 * LIVE_PAGE_ROWS);
  });

  it("keeps every row while the limit is infinite (the reader is further down)", () => {
    const index = new IntentPagesIndex();
    let data = snapshot();
    for (let b = 0; b < 20; b++) data = applyLiveBatch(data, batch({ fresh: Array.from({ length: 100 }, (_, i) => row(`x${b}-${i}`)) }), index).data;
    expect(ids(data)).toHaveLength(2003);
    expect(data.pages.at(-1)?.nextCursor).toBeNull();
  });
});

describe("the list's order for the row limit (newestFirst, as the API orders)", () => {
  it("puts newer first, then the greater id", () => {
    expect(newestFirst({ createdMs: 2, id: "a" }, { createdMs: 1, id: "z" }) < 0).toBe(true);
    expect(newestFirst({ createdMs: 1, id: "b" }, { createdMs: 1, id: "a" }) < 0).toBe(true);
    expect(newestFirst({ createdMs: 1, id: "a" }, { createdMs: 1, id: "a" }) < 0).toBe(false);
  });
});
