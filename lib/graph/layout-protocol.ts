import { z } from "zod";

/** What the page and the layout worker say to each other. */
export const layoutRequestMessageSchema = z.object({
  id: z.number().int(),
  nodes: z.array(z.object({ id: z.string(), width: z.number(), height: z.number() })),
  edges: z.array(z.object({ id: z.string(), from: z.string(), to: z.string() })),
});
export type LayoutRequestMessage = z.infer<typeof layoutRequestMessageSchema>;

export const layoutAnswerMessageSchema = z.union([
  z.object({
    id: z.number().int(),
    ok: z.literal(true),
    ids: z.array(z.string()),
    /** x0, y0, x1, y1, … in the order of `ids`. */
    xy: z.instanceof(Float64Array),
    ms: z.number(),
  }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: z.string() }),
]);
export type LayoutAnswerMessage = z.infer<typeof layoutAnswerMessageSchema>;
