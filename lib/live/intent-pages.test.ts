import { describe, expect, it } from "vitest";
import { makePolicy, makeResult } from "@/e2e/support/intents";
import { decodeMessage, type AuditEntry, type IntentResult } from "@/lib/protocol";
import type { IntentListPage, IntentListRow } from "@/lib/queries/intents-schema";
import { applyLiveBatch, IntentPagesIndex, LIVE_PAGE_ROWS, type IntentPages, type LiveBatch } from "./intent-pages";

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
