import { z } from "zod";
import { CONSUMER_PREFIX, CONSUMER_SLOTS } from "./browser-grants";
import { liveSourceSchema } from "./live-targets";

/** A tab's NATS user public key (an nkey, `U…`): the tab keeps the seed, Pilot signs the key. */
export const tabKeySchema = z.string().regex(/^U[A-Z2-7]{55}$/, "expected an nkey user public key");

/** `GET /api/live/credentials?key=<tab key>`: how a browser tab reaches NATS, fetched at run time. */
export const liveCredentialsSchema = z.object({
  servers: z.array(z.string().regex(/^wss?:\/\//)).min(1),
  auth: z.discriminatedUnion("kind", [
    /** The tab's own user: a JWT for its key, valid until `expiresAt` (ms) unless renewed. */
    z.object({ kind: z.literal("jwt"), jwt: z.string().min(1), expiresAt: z.number().int() }),
    /** A NATS Pilot cannot mint for: the shared `viewer` user (README, "NATS credentials"). */
    z.object({ kind: z.literal("password"), user: z.string().min(1), pass: z.string().min(1) }),
  ]),
  /** The tab's consumer names and inbox (browser-grants.ts). */
  consumerPrefix: z.string().regex(CONSUMER_PREFIX),
  slots: z.number().int().min(1).max(CONSUMER_SLOTS),
  /** The platform subjects this person's role may follow (readable-subjects.ts). */
  readable: z.array(z.string().min(1)),
  /** Public keys of the trust list, so the browser can judge signatures itself. */
  trustedSigners: z.array(z.string()),
  /** The streams the index is built from: live views follow them (see live-targets.ts). */
  sources: z.array(liveSourceSchema),
});
export type LiveCredentials = z.infer<typeof liveCredentialsSchema>;

/** `POST /api/live/consumers`: Pilot's server creates a tab's consumer in one of its slots. */
export const consumerRequestSchema = z.object({
  key: tabKeySchema,
  slot: z.number().int().min(0).max(CONSUMER_SLOTS - 1),
  stream: z.string().regex(/^[^\s.*>/\\]+$/, "expected a stream name"),
  /** One filter (nats-server 2.9 takes one per consumer), in the stream's own subjects. */
  filter: z.string().regex(/^[^\s]+$/, "expected a subject filter").max(512),
  startSeq: z.number().int().min(1),
});
export type ConsumerRequest = z.infer<typeof consumerRequestSchema>;

export const consumerAnswerSchema = z.object({ name: z.string().min(1) });
