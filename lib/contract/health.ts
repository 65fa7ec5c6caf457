import { z } from "zod";
import { alertsHealthSchema } from "./alerts-health";

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

const retentionSchema = z.enum(["limits", "interest", "workqueue"]);

/** One source stream of ingest: its durable consumer read from NATS, its place in the index. */
export const ingestSourceHealthSchema = z.object({
  stream: z.string(),
  durable: z.string(),
  state: z.enum(["starting", "running", "refused", "missing", "error", "stopped"]),
  retention: retentionSchema.nullable(),
  /** The index's last applied stream sequence. */
  lastAppliedSeq: z.number().int().nonnegative(),
  streamLastSeq: z.number().int().nonnegative().nullable(),
  /** JetStream's num_pending of the durable consumer: messages not yet delivered to ingest. */
  lag: z.number().int().nonnegative().nullable(),
  /** Messages a second (only known when ingest runs in this process). */
  rate: z.number().nonnegative().nullable(),
  quarantined: z.number().int().nonnegative().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  /** What the retention means for the index (Interest: only copy; WorkQueue: live only). */
  note: z.string().nullable(),
});
export type IngestSourceHealth = z.infer<typeof ingestSourceHealthSchema>;

export const ingestHealthSchema = z.object({
  /** False when PILOT_INGEST=off: `npm run ingest` (or nothing) runs it elsewhere. */
  inProcess: z.boolean(),
  /** Out of process: "running" when another ingest answers on the consumers' presence subject. */
  state: z.enum(["running", "stopped", "error"]),
  /** Host and pid of the ingest running in another process, when one answers. */
  elsewhere: z.string().nullable(),
  lastError: z.string().nullable(),
  sources: z.array(ingestSourceHealthSchema),
});
export type IngestHealth = z.infer<typeof ingestHealthSchema>;

export const indexHealthSchema = z.object({
  path: z.string(),
  /** Rows per table; null when the index cannot be read. */
  tables: z.record(z.string(), z.number().int().nonnegative()).nullable(),
  /** When `tables` was counted (a large index is counted at most every 20× the count's time). */
  countedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type IndexHealth = z.infer<typeof indexHealthSchema>;

/** How Pilot reads one stream that holds platform subjects (see lib/nats/discovery.ts). */
export const platformStreamSchema = z.object({
  name: z.string(),
  subjects: z.array(z.string()),
  retention: retentionSchema,
  /** Age limit in seconds (0: none), message and byte limits (-1: none). */
  maxAgeSeconds: z.number().nonnegative(),
  maxMsgs: z.number().int(),
  maxBytes: z.number().int(),
  messages: z.number().int().nonnegative(),
  pilotOwn: z.boolean(),
  read: z.enum(["ingest", "copy", "watch"]),
  /** Since when Pilot's history of this stream is complete (ISO), when known. */
  completeSince: z.string().nullable(),
  /** Messages consumed before Pilot first watched it (WorkQueue): before its history. */
  before: z.number().int().nonnegative().nullable(),
});
export type PlatformStream = z.infer<typeof platformStreamSchema>;

export const platformFamilySchema = z.object({
  id: z.string(),
  label: z.string(),
  subject: z.string(),
  streams: z.array(z.string()),
  /** Some of its subjects are held by no stream Pilot reads durably: captured live. */
  liveCapture: z.boolean(),
});

export const captureGapSchema = z.object({
  stream: z.string(),
  fromSeq: z.number().int().nullable(),
  toSeq: z.number().int().nullable(),
  count: z.number().int().nullable(),
  from: z.string(),
  to: z.string(),
  detected: z.string(),
  reason: z.string(),
});
export type CaptureGapHealth = z.infer<typeof captureGapSchema>;

export const platformHealthSchema = z.object({
  families: z.array(platformFamilySchema),
  streams: z.array(platformStreamSchema),
  gaps: z.array(captureGapSchema),
  /** This process's capture (null where it runs elsewhere or is off). */
  capture: z
    .object({
      state: z.enum(["starting", "running", "error", "stopped"]),
      liveSince: z.string().nullable(),
      captured: z.number().int().nonnegative(),
      lost: z.number().int().nonnegative(),
      copied: z.number().int().nonnegative(),
      recovered: z.number().int().nonnegative(),
      lastError: z.string().nullable(),
    })
    .nullable(),
  error: z.string().nullable(),
});
export type PlatformHealth = z.infer<typeof platformHealthSchema>;

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
  ingest: ingestHealthSchema,
  index: indexHealthSchema,
  platform: platformHealthSchema,
  /** This replica's alert engine (lib/alerts). */
  alerts: alertsHealthSchema,
  /** The key that signs evidence bundles: what an auditor pins the verifier to. */
  evidenceKey: z.discriminatedUnion("ok", [
    z.object({
      ok: z.literal(true),
      /** Standard base64 of the 32-byte Ed25519 public key. */
      publicKey: z.string(),
      /** `SHA256:…` of the raw key, as the verifier prints it. */
      fingerprint: z.string(),
      /** From PILOT_EVIDENCE_KEY_FILE (shared by replicas), or generated in this data directory. */
      configured: z.boolean(),
    }),
    z.object({ ok: z.literal(false), error: z.string() }),
  ]),
});
export type Health = z.infer<typeof healthSchema>;
