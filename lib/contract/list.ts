import { z } from "zod";

/**
 * Per stream, the last sequence an answer is consistent with: a live view applies
 * stream messages after it (and only those) on top of the answer.
 */
export const streamSeqsSchema = z.record(z.string(), z.number().int().nonnegative());
export type StreamSeqs = z.infer<typeof streamSeqsSchema>;

/** Every list answer of the history API: a page, the cursor of the next one, the seqs. */
export function listAnswerSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    /** Opaque; null on the last page. */
    nextCursor: z.string().nullable(),
    seq: streamSeqsSchema,
  });
}

/** A 4xx answer; `param` names the query parameter that was refused. */
export const apiErrorSchema = z.object({
  error: z.string(),
  param: z.string().optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** Nanoseconds since the epoch, exact, as a decimal string (too big for a JSON number). */
export const nsStringSchema = z.string().regex(/^\d+$/);

/** A facet: how many matching items carry each value, over the whole match, not the page. */
export const facetSchema = z.array(z.object({ value: z.string(), count: z.number().int() }));
export type Facet = z.infer<typeof facetSchema>;
