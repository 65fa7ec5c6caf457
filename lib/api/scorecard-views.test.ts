import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseLossless } from "@/lib/protocol/json";
import { taskReplySchema } from "@/lib/protocol/newt";
import { modelScorecardsSchema, replyDetailSchema, replyListSchema } from "@/lib/contract/replies";
import { modelScorecard, scorecardsByModel, type ReplyFacts } from "@/lib/scorecards/figures";
import { scorecardTable } from "@/lib/scorecards/table";
import { applyInBatches, demoRecords, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import { handleScorecardExport } from "./scorecard-export";
import { handleCompare, handleModelScorecards, handleReplies, handleReply, handleTrends } from "./scorecard-views";
import { allPages, call, ok, refused } from "./test-api";

const { messages, records } = demoRecords(4000);

/** The demo's replies, read straight from the published payloads. */
const replies = messages
  .filter((m) => !m.malformed && m.subject.startsWith("newt.replies."))
  .map((m) => ({ pilot: m.subject.split(".")[2] ?? "", task: m.subject.split(".")[3] ?? "", reply: taskReplySchema.parse(parseLossless(m.payload)), payload: m.payload }));
const facts = (list: typeof replies): ReplyFacts[] =>
  list.map(({ reply: r }) => ({
    modelId: r.model_id,
    shape: r.emission_shape ?? null,
    emptyDiff: r.empty_diff,
    applied: r.diff_applied,
    endReason: r.metrics?.end_reason ?? null,
    hallucinations: r.metrics?.hallucinations ?? 0,
    inputTokens: r.metrics?.usage?.input_tokens ?? null,
    outputTokens: r.metrics?.usage?.output_tokens ?? null,
    costUsd: r.metrics?.cost_usd ?? null,
    elapsedMs: r.metrics?.elapsed_ms ?? null,
  }));

const trendSchema = z.object({
  bucket: z.string(),
  auto: z.boolean(),
  models: z.array(z.object({ modelId: z.string(), points: z.array(z.object({ replies: z.number(), prose: z.object({ k: z.number() }) })) })),
});
const compareSchema = z.object({
  models: z.array(z.object({ modelId: z.string(), changes: z.array(z.object({ key: z.string(), verdict: z.string(), delta: z.number().nullable() })) })),
});

let t: TempStore;
beforeAll(() => {
  t = tempStore();
  applyInBatches(t.store, records);
}, 60_000);
afterAll(() => t.cleanup());

const pilots = [...new Set(replies.map((r) => r.pilot))];
const mine = (pilot: string) => replies.filter((r) => r.pilot === pilot);

describe("scorecard API", () => {
  it("gives every figure per model of a pilot run, equal to the figures computed from the payloads", async () => {
    expect(pilots.length).toBeGreaterThan(1);
    for (const pilot of pilots) {
      const answer = await ok(modelScorecardsSchema, (url) => handleModelScorecards(() => t.store, url), { pilot });
      expect(answer.replies).toBe(mine(pilot).length);
      expect(answer.models).toEqual(JSON.parse(JSON.stringify(scorecardsByModel(facts(mine(pilot))))));
    }
    const model = replies[0]?.reply.model_id ?? "";
    const one = await ok(modelScorecardsSchema, (url) => handleModelScorecards(() => t.store, url), { model });
    expect(one.models.map((m) => m.modelId)).toEqual([model]);
    expect(one.models[0]?.replies).toBe(replies.filter((r) => r.reply.model_id === model).length);
  });

  it("lists exactly the replies behind a cell, and a reply as it was received", async () => {
    const pilot = pilots[0] ?? "";
    const answer = await ok(modelScorecardsSchema, (url) => handleModelScorecards(() => t.store, url), { pilot });
    const m = answer.models[0];
    if (!m) throw new Error("no model");
    const prose = await allPages((cursor) => ok(replyListSchema, (url) => handleReplies(() => t.store, url), { pilot, model: m.modelId, shape: "prose", limit: 7, ...(cursor ? { cursor } : {}) }));
    expect(prose).toHaveLength(m.shapes.prose.k);
    const applied = await ok(replyListSchema, (url) => handleReplies(() => t.store, url), { pilot, model: m.modelId, applied: "true", limit: 500 });
    expect(applied.items).toHaveLength(m.applied.k);
    const first = applied.items[0];
    if (!first) throw new Error("no applied reply");
    const detail = await ok(replyDetailSchema, () => handleReply(() => t.store, String(first.id)));
    const sent = replies.find((r) => r.pilot === pilot && r.task === detail.taskId && r.reply.model_id === detail.modelId);
    expect(detail.raw).toBe(sent?.payload);
    expect((await call(() => handleReply(() => t.store, "999999"))).status).toBe(404);
    await refused(() => handleReply(() => t.store, "x"), {}, "id");
  });

  it("compares two pilot runs model by model", async () => {
    const [a, b] = pilots;
    const answer = await ok(compareSchema, (url) => handleCompare(() => t.store, url), { a: a ?? "", b: b ?? "" });
    const models = new Set([...mine(a ?? ""), ...mine(b ?? "")].map((r) => r.reply.model_id));
    expect(answer.models.map((m) => m.modelId)).toEqual([...models].sort());
    for (const m of answer.models) expect(m.changes.map((c) => c.key)).toEqual(["structured", "prose", "disqualified", "applied"]);
    await refused((url) => handleCompare(() => t.store, url), { a: a ?? "" }, "b");
  });

  it("buckets trends automatically or as asked, and every reply lands in one bucket", async () => {
    const auto = await ok(trendSchema, (url) => handleTrends(() => t.store, url), {});
    expect(auto.auto).toBe(true);
    const total = auto.models.reduce((n, m) => n + m.points.reduce((k, p) => k + p.replies, 0), 0);
    expect(total).toBe(replies.length);
    const hourly = await ok(trendSchema, (url) => handleTrends(() => t.store, url), { bucket: "1h" });
    expect([hourly.bucket, hourly.auto]).toEqual(["1h", false]);
    await refused((url) => handleTrends(() => t.store, url), { bucket: "2h" }, "bucket");
  });

  it("exports CSV that parses back to the table, with the definitions on top, and JSON", async () => {
    const pilot = pilots[0] ?? "";
    const res = handleScorecardExport(() => t.store, new URL(`http://x/api/scorecards/export?pilot=${pilot}&format=csv`));
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`attachment; filename="scorecard-${pilot}-\\d{8}-\\d{6}\\.csv"`));
    const text = await res.text();
    expect(text.startsWith("# Pilot scorecard export")).toBe(true);
    expect(text).toContain("# applied: share of replies with diff_applied = true.");
    const parsed = Papa.parse<unknown[]>(text, { comments: "#", dynamicTyping: true, skipEmptyLines: true });
    const table = scorecardTable(scorecardsByModel(facts(mine(pilot))));
    expect(parsed.data[0]).toEqual(table.columns);
    expect(parsed.data.slice(1)).toEqual(table.rows);

    const json = handleScorecardExport(() => t.store, new URL(`http://x/api/scorecards/export?pilot=${pilot}&format=json`));
    const body = z.object({ definitions: z.record(z.string(), z.string()), rows: z.array(z.record(z.string(), z.unknown())) }).parse(JSON.parse(await json.text()));
    expect(Object.keys(body.definitions)).toContain("applied");
    expect(body.rows.map((r) => r.model)).toEqual(table.rows.map((r) => r[0]));
    await refused((url) => handleScorecardExport(() => t.store, url), "format=xml", "format");
    await refused((url) => handleScorecardExport(() => t.store, url), "view=compare&a=x", "b");
    expect(modelScorecard("x", []).replies).toBe(0);
  });
});
