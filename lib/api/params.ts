import "server-only";
import { z } from "zod";
import { ftsCostProblem, toFtsQuery } from "./fts-match";

/** Query parameters arrive as strings; these turn them into typed filter values. */

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export const limitParam = z
  .string()
  .regex(/^\d{1,6}$/, { error: `expected an integer from 1 to ${MAX_LIMIT}` })
  .transform(Number)
  .pipe(
    z
      .number()
      .min(1)
      .max(MAX_LIMIT, { error: `expected an integer from 1 to ${MAX_LIMIT}` }),
  )
  .default(DEFAULT_LIMIT);

/** A sequence number: a non-negative integer. */
export const seqParam = z
  .string()
  .regex(/^\d{1,15}$/, { error: "expected a non-negative integer" })
  .transform(Number);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** A point in time: epoch milliseconds, or an ISO 8601 date / date-time. */
export const timeParam = z.string().transform((text, ctx) => {
  const ms = /^\d{1,15}$/.test(text) ? Number(text) : ISO_DATE.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) {
    ctx.issues.push({
      code: "custom",
      input: text,
      message: "expected epoch milliseconds or an ISO 8601 date-time",
    });
    return z.NEVER;
  }
  return ms;
});

/** Free text, turned into a safe FTS5 query. */
export const textParam = z
  .string()
  .max(500, { error: "at most 500 characters" })
  .transform((text, ctx) => {
    const tooCostly = ftsCostProblem(text.split(/\s+/));
    if (tooCostly !== null) {
      ctx.issues.push({ code: "custom", input: text, message: tooCostly });
      return z.NEVER;
    }
    const query = toFtsQuery(text);
    if (query === null) {
      ctx.issues.push({ code: "custom", input: text, message: "has no word to search for" });
      return z.NEVER;
    }
    return query;
  });

/** A value matched exactly (an executor id, a signer key, a capability). */
export const exactParam = z
  .string()
  .min(1, { error: "must not be empty" })
  .max(300, { error: "at most 300 characters" });

/** An id from the path. */
export const idParam = exactParam;

export function enumParam<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join(", ")}` });
}

/** `from` must not be after `to`; reported on `to`. */
export function ordered(v: { from?: number; to?: number }, ctx: z.RefinementCtx): void {
  if (v.from !== undefined && v.to !== undefined && v.from > v.to) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
  }
}
