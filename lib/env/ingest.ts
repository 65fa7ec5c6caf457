import path from "node:path";
import { z } from "zod";
import { PILOT_STREAM_NAMES } from "../nats/topology";
import { DEFAULT_NO_RESULT_GRACE_MS } from "../contract/intent-outcome";

/** What Pilot reads from the platform's streams, how it keeps it, and whose signatures it trusts. */

const base64Key = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}=$/, "expected the standard base64 of a 32-byte Ed25519 key");

// What nats-server accepts in a stream or durable name: no whitespace, dots, wildcards
// or path separators (the name becomes part of API subjects and of a directory name).
const natsName = z.string().regex(/^[^\s.*>/\\]+$/, "expected a NATS stream name (no spaces, dots, * or >)");

export const ingestEnvSchema = z.object({
  PILOT_TRUSTED_SIGNERS: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((k) => k.trim()).filter((k) => k.length > 0))
    .pipe(z.array(base64Key)),
  PILOT_STREAM_MAX_AGE_HOURS: z.coerce.number().positive().default(24 * 30),
  PILOT_STREAM_MAX_BYTES: z.coerce.number().int().positive().default(1024 ** 3),
  PILOT_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  PILOT_INDEX_PATH: z.string().min(1).optional(),
  PILOT_SOURCES: z
    .string()
    .optional()
    .transform((s) =>
      s === undefined ? [...PILOT_STREAM_NAMES] : s.split(",").map((n) => n.trim()).filter((n) => n.length > 0),
    )
    .pipe(z.array(natsName).min(1, "expected at least one stream name")),
  PILOT_INGEST: z.enum(["on", "off"]).default("on"),
  PILOT_CAPTURE: z.enum(["on", "off"]).default("on"),
  PILOT_INGEST_BATCH: z.coerce.number().int().min(1).max(100_000).default(500),
  PILOT_INGEST_CONSUMER: natsName.default("pilot-ingest"),
  PILOT_NO_RESULT_GRACE_SECONDS: z.coerce.number().nonnegative().max(86_400).default(DEFAULT_NO_RESULT_GRACE_MS / 1000),
});

export interface IngestSettings {
  trustedSigners: string[];
  streams: { maxAgeHours: number; maxBytes: number; replicas: number };
  /** The SQLite history index: a cache that `npm run reindex` rebuilds from the streams. */
  index: { path: string };
  ingest: {
    /** Streams ingested into the index, in order (PILOT_SOURCES, or Pilot's default topology). */
    sources: string[];
    /** No PILOT_SOURCES: ingest reads the streams discovery finds to be Pilot's own. */
    discover: boolean;
    /** Capture the platform's subjects into Pilot's own streams (PILOT_CAPTURE). */
    capture: boolean;
    /** Run ingest inside the app's server process (off when `npm run ingest` runs it). */
    inProcess: boolean;
    /** Messages fetched and written per SQLite transaction. */
    batch: number;
    /** Durable consumer `<prefix>-<stream>`; every Pilot replica needs its own prefix. */
    consumerPrefix: string;
  };
  /** How long after its TTL an intent without a result still reads "pending". */
  noResultGraceMs: number;
}

/** `env` is the raw environment: whether PILOT_SOURCES was given at all decides discovery. */
export function ingestSettings(e: z.infer<typeof ingestEnvSchema>, env: NodeJS.ProcessEnv, dataDir: string): IngestSettings {
  return {
    trustedSigners: e.PILOT_TRUSTED_SIGNERS,
    streams: { maxAgeHours: e.PILOT_STREAM_MAX_AGE_HOURS, maxBytes: e.PILOT_STREAM_MAX_BYTES, replicas: e.PILOT_STREAM_REPLICAS },
    // A runtime path, not a file of the app: Turbopack must not trace the project for it.
    index: { path: path.resolve(/*turbopackIgnore: true*/ e.PILOT_INDEX_PATH ?? path.join(dataDir, "index.sqlite")) },
    ingest: {
      sources: [...new Set(e.PILOT_SOURCES)],
      discover: env.PILOT_SOURCES === undefined,
      capture: e.PILOT_CAPTURE === "on",
      inProcess: e.PILOT_INGEST === "on",
      batch: e.PILOT_INGEST_BATCH,
      consumerPrefix: e.PILOT_INGEST_CONSUMER,
    },
    noResultGraceMs: Math.round(e.PILOT_NO_RESULT_GRACE_SECONDS * 1000),
  };
}
