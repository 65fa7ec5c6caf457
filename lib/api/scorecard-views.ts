import "server-only";
import { z } from "zod";
import { compareScorecards } from "@/lib/scorecards/compare";
import { scorecardsByModel } from "@/lib/scorecards/figures";
import { autoBucket, BUCKET_KEYS, trends } from "@/lib/scorecards/trends";
import { cursorParam, rowKey } from "./page-cursor";
import type { Store } from "@/lib/store";
import { exactParam, limitParam, ordered, timeParam } from "./params";
import { guarded, json, notFound, parseParams, storeOf, type StoreSource } from "./respond";

/** A scorecard's scope: a pilot run, or a time range (stream time), optionally one model. */
export const scopeParams = z
  .object({
    pilot: exactParam.optional(),
    from: timeParam.optional(),
    to: timeParam.optional(),
    model: exactParam.optional(),
  })
  .superRefine(ordered);
type ScopeParams = z.output<typeof scopeParams>;

function scopeOf(p: ScopeParams) {
  return { pilot: p.pilot, fromMs: p.from, toMs: p.to, model: p.model };
}

function scopeAnswer(p: ScopeParams) {
  return { pilot: p.pilot ?? null, fromMs: p.from ?? null, toMs: p.to ?? null, model: p.model ?? null };
}

export function modelScorecards(store: Store, p: ScopeParams) {
  const { facts, seq } = store.replyFacts(scopeOf(p));
  return { scope: scopeAnswer(p), replies: facts.length, models: scorecardsByModel(facts), seq };
}

/** `GET /api/scorecards/models?pilot=|from=&to=&model=`: every figure per model. */
export function handleModelScorecards(store: StoreSource, url: URL): Response {
  const p = parseParams(scopeParams, url);
  if (!p.ok) return p.response;
  return guarded(() => json(modelScorecards(storeOf(store), p.value)));
}

export const compareParams = z.object({ a: exactParam, b: exactParam, model: exactParam.optional() });

export function comparison(store: Store, p: z.output<typeof compareParams>) {
  const a = store.replyFacts({ pilot: p.a, model: p.model });
  const b = store.replyFacts({ pilot: p.b, model: p.model });
  return { a: p.a, b: p.b, models: compareScorecards(scorecardsByModel(a.facts), scorecardsByModel(b.facts)), seq: b.seq };
}

/** `GET /api/scorecards/compare?a=<pilot>&b=<pilot>`: B against A (the baseline), per model. */
export function handleCompare(store: StoreSource, url: URL): Response {
  const p = parseParams(compareParams, url);
  if (!p.ok) return p.response;
  return guarded(() => json(comparison(storeOf(store), p.value)));
}

export const trendParams = scopeParams.and(
  z.object({ bucket: z.enum(BUCKET_KEYS, { error: `expected one of ${BUCKET_KEYS.join(", ")}` }).optional() }),
);

/** `GET /api/scorecards/trends?…scope…&bucket=`: rates per model per time bucket. */
export function handleTrends(store: StoreSource, url: URL): Response {
  const p = parseParams(trendParams, url);
  if (!p.ok) return p.response;
  return guarded(() => {
    const { facts, seq } = storeOf(store).replyFacts(scopeOf(p.value));
    const times = facts.map((f) => f.atMs);
    const fromMs = p.value.from ?? (times.length > 0 ? Math.min(...times) : 0);
    const toMs = p.value.to ?? (times.length > 0 ? Math.max(...times) : 0);
    const bucket = p.value.bucket ?? autoBucket(fromMs, toMs);
    return json({ scope: scopeAnswer(p.value), bucket, auto: p.value.bucket === undefined, fromMs, toMs, models: trends(facts, bucket), seq });
  });
}

const flag = z.enum(["true", "false"], { error: "expected true or false" }).transform((v) => v === "true");
export const replyParams = scopeParams.and(
  z.object({
    shape: exactParam.optional(),
    end: exactParam.optional(),
    applied: flag.optional(),
    empty: flag.optional(),
    structured: flag.optional(),
    cursor: cursorParam(rowKey).optional(),
    limit: limitParam,
  }),
);

/** `GET /api/scorecards/replies?…scope…&shape=&end=&applied=&empty=`: the replies behind a cell. */
export function handleReplies(store: StoreSource, url: URL): Response {
  const p = parseParams(replyParams, url);
  if (!p.ok) return p.response;
  const { cursor, limit, shape, end, applied, empty, structured } = p.value;
  return guarded(() => json(storeOf(store).listReplies({ ...scopeOf(p.value), shape, end, applied, empty, structured, after: cursor, limit })));
}

const replyId = z.string().regex(/^\d{1,15}$/, { error: "expected a reply id (a positive integer)" }).transform(Number);

/** `GET /api/scorecards/replies/[id]` */
export function handleReply(store: StoreSource, id: string): Response {
  const p = parseParams(z.object({ id: replyId }), { id });
  if (!p.ok) return p.response;
  return guarded(() => {
    const reply = storeOf(store).getReply(p.value.id);
    return reply ? json(reply) : notFound(`reply ${id}`);
  });
}
