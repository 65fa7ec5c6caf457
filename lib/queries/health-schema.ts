import { z } from "zod";

/** What `GET /api/health` answers; the browser parses it with this schema. */
export const streamHealthSchema = z.object({
  name: z.string(),
  subjects: z.array(z.string()),
  retention: z.enum(["limits", "interest", "workqueue"]),
  messages: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  firstSeq: z.number().int().nonnegative(),
  lastSeq: z.number().int().nonnegative(),
  lastMessageAt: z.string().nullable(),
  consumers: z.number().int().nonnegative(),
  /** Part of Pilot's default topology (as opposed to another stream on the server). */
  pilotTopology: z.boolean(),
});
export type StreamHealth = z.infer<typeof streamHealthSchema>;

export const healthSchema = z.object({
  checkedAt: z.string(),
  nats: z.object({
    url: z.string(),
    connected: z.boolean(),
    error: z.string().nullable(),
    serverVersion: z.string().nullable(),
    jetstream: z.boolean(),
  }),
  streams: z.array(streamHealthSchema),
  /** Streams of Pilot's topology that the server does not have. */
  missingStreams: z.array(z.string()),
  trustList: z.object({ configured: z.boolean(), keys: z.number().int().nonnegative() }),
});
export type Health = z.infer<typeof healthSchema>;
