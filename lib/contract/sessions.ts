import { z } from "zod";
import { listAnswerSchema, nsStringSchema, streamSeqsSchema } from "./list";

/** What a session's graph is drawn from: GraphDelta envelopes, or agentd's planner workflow events. */
export const sessionSourceSchema = z.enum(["graph-delta", "planner"]);
export type SessionSource = z.infer<typeof sessionSourceSchema>;

export const sessionSummarySchema = z.object({
  sessionId: z.string(),
  source: sessionSourceSchema,
  /** The label of the first node added (the planner's goal), when there is one. */
  title: z.string().nullable(),
  stream: z.string(),
  firstSeq: z.number().int(),
  lastSeq: z.number().int(),
  firstNs: nsStringSchema.nullable(),
  lastNs: nsStringSchema.nullable(),
  requestId: z.string().nullable(),
  deltas: z.number().int(),
  /** Running while a node is pending or running; else failed when a node failed; else finished. */
  state: z.enum(["running", "finished", "failed"]),
  /** Nodes present now, and how many of them are in each `metadata.status`. */
  nodes: z.number().int(),
  edges: z.number().int(),
  statusCounts: z.record(z.string(), z.number().int()),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

export const sessionListSchema = listAnswerSchema(sessionSummarySchema);
export type SessionList = z.infer<typeof sessionListSchema>;

export const graphNodeSchema = z.object({
  id: z.string(),
  label: z.string(),
  nodeType: z.string(),
  status: z.string().nullable(),
  intentId: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  /** The stream seq of the delta that set this version. */
  version: z.number().int(),
});
export type GraphNodeItem = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  label: z.string().nullable(),
  edgeType: z.string(),
  version: z.number().int(),
});
export type GraphEdgeItem = z.infer<typeof graphEdgeSchema>;

export const sessionGraphSchema = z.object({
  sessionId: z.string(),
  source: sessionSourceSchema,
  stream: z.string(),
  /** The stream seq this graph is the state as of. */
  asOfSeq: z.number().int(),
  /** The session's last delta's seq: time travel runs from firstSeq to this. */
  firstSeq: z.number().int(),
  lastSeq: z.number().int(),
  nodes: z.array(graphNodeSchema),
  /** Edges between present nodes only (an edge to a removed node is not drawable). */
  edges: z.array(graphEdgeSchema),
  seq: streamSeqsSchema,
});
export type SessionGraph = z.infer<typeof sessionGraphSchema>;

export const sessionTimelineSchema = z.object({
  sessionId: z.string(),
  stream: z.string(),
  /** Every seq that changed the graph, ascending. */
  seqs: z.array(z.number().int()),
  /** When the stream stored each of them (same order), when known. */
  publishedNs: z.array(nsStringSchema.nullable()),
  seq: streamSeqsSchema,
});
export type SessionTimeline = z.infer<typeof sessionTimelineSchema>;

export const graphDeltaItemSchema = z.object({
  seq: z.number().int(),
  publishedNs: nsStringSchema.nullable(),
  nodesAdded: z.array(graphNodeSchema),
  edgesAdded: z.array(graphEdgeSchema),
  nodesRemoved: z.array(z.string()),
  edgesRemoved: z.array(z.string()),
});
export type GraphDeltaItem = z.infer<typeof graphDeltaItemSchema>;

export const sessionDeltasSchema = z.object({
  sessionId: z.string(),
  items: z.array(graphDeltaItemSchema),
  /** Ask again with `after=` this for the next page; null when there is none. */
  nextAfter: z.number().int().nullable(),
  seq: streamSeqsSchema,
});
export type SessionDeltas = z.infer<typeof sessionDeltasSchema>;

export const nodeHistorySchema = z.object({
  sessionId: z.string(),
  nodeId: z.string(),
  versions: z.array(
    z.object({
      seq: z.number().int(),
      publishedNs: nsStringSchema.nullable(),
      label: z.string(),
      nodeType: z.string(),
      status: z.string().nullable(),
      metadata: z.record(z.string(), z.string()),
    }),
  ),
  removals: z.array(z.object({ seq: z.number().int(), publishedNs: nsStringSchema.nullable() })),
  seq: streamSeqsSchema,
});
export type NodeHistory = z.infer<typeof nodeHistorySchema>;

/**
 * The session's graph laid out by the server (the view with every fan-out collapsed and
 * no filter), for the page's first paint: node ids and their places.
 */
export const sessionLayoutSchema = z
  .object({
    sessionId: z.string(),
    /** The stream seq of the graph laid out. */
    asOfSeq: z.number().int(),
    ids: z.array(z.string()),
    /** x0, y0, x1, y1, … in the order of `ids`. */
    xy: z.array(z.number()),
    /** How long ELK took (0 when the layout came from the server's cache). */
    ms: z.number(),
  })
  .refine((l) => l.xy.length === 2 * l.ids.length, { error: "xy must hold two numbers per id", path: ["xy"] });
export type SessionLayout = z.infer<typeof sessionLayoutSchema>;
