import { z } from "zod";
import { f64, jsonObject, jsonValue, nonEmptyString, openEnum, u128, u32, u64 } from "./primitives";

/** Capabilities Smith 0.1.2 knows. `http_fetch` exists only in the producer's tests. */
export const KNOWN_CAPABILITIES = [
  "fs.read.v1",
  "fs.write.v1",
  "http.fetch.v1",
  "git.clone.v1",
  "archive.read.v1",
  "sqlite.query.v1",
  "bench.report.v1",
  "shell.exec.v1",
] as const;

export type KnownCapability = (typeof KNOWN_CAPABILITIES)[number];

/** A capability string: the known ones are typed, a future one is shown as it comes. */
export const capabilitySchema = openEnum(KNOWN_CAPABILITIES);
export type Capability = z.output<typeof capabilitySchema>;

export function isKnownCapability(value: string): value is KnownCapability {
  return (KNOWN_CAPABILITIES as readonly string[]).includes(value);
}

/**
 * Smith `Intent`. `id` is a UUIDv7 from current producers, but older ones wrote other
 * strings, so only "non-empty string" is enforced. `params` is any JSON; the typed
 * parameter schemas below are for display, not for admission.
 */
export const intentSchema = z.looseObject({
  id: nonEmptyString,
  capability: capabilitySchema,
  domain: z.string(),
  params: jsonValue,
  created_at_ns: u128,
  ttl_ms: u32,
  nonce: z.string(),
  signer: z.string(),
  signature_b64: z.string(),
  metadata: jsonObject,
});
export type Intent = z.output<typeof intentSchema>;

/** When the intent expires: `created_at_ns + ttl_ms * 1e6`, exact. */
export function intentExpiresAtNs(intent: Pick<Intent, "created_at_ns" | "ttl_ms">): bigint {
  return intent.created_at_ns + BigInt(intent.ttl_ms) * 1_000_000n;
}

// Parameters by capability (smith-protocol `params` module). Optional fields are
// `Option` in Rust: written as `null` or left out by hand-written producers.

export const fsReadParamsSchema = z.looseObject({
  path: z.string(),
  max_bytes: u64.nullish(),
  follow_symlinks: z.boolean().nullish(),
});
export type FsReadParams = z.output<typeof fsReadParamsSchema>;

export const httpFetchParamsSchema = z.looseObject({
  url: z.string(),
  method: z.string().nullish(),
  headers: z.record(z.string(), z.string()).nullish(),
  body: z.string().nullish(),
  timeout_ms: u32.nullish(),
});
export type HttpFetchParams = z.output<typeof httpFetchParamsSchema>;

export const archiveReadParamsSchema = z.looseObject({
  path: z.string(),
  extract_content: z.boolean().nullish(),
});
export type ArchiveReadParams = z.output<typeof archiveReadParamsSchema>;

export const sqliteQueryParamsSchema = z.looseObject({
  database_path: z.string(),
  query: z.string(),
  params: z.array(jsonValue).nullish(),
  max_rows: u32.nullish(),
  timeout_ms: u32.nullish(),
});
export type SqliteQueryParams = z.output<typeof sqliteQueryParamsSchema>;

export const benchReportParamsSchema = z.looseObject({
  benchmark_name: z.string(),
  metrics: z.record(z.string(), f64),
  metadata: jsonObject.nullish(),
  retention_days: u32.nullish(),
});
export type BenchReportParams = z.output<typeof benchReportParamsSchema>;

export const shellExecParamsSchema = z.looseObject({
  command: z.string(),
  args: z.array(z.string()).nullish(),
  env: z.record(z.string(), z.string()).nullish(),
  cwd: z.string().nullish(),
  timeout_ms: u32.nullish(),
  stdin: z.string().nullish(),
});
export type ShellExecParams = z.output<typeof shellExecParamsSchema>;

/** Parameter schemas for the capabilities whose parameters Smith publishes. */
export const intentParamsSchemas = {
  "fs.read.v1": fsReadParamsSchema,
  "http.fetch.v1": httpFetchParamsSchema,
  "archive.read.v1": archiveReadParamsSchema,
  "sqlite.query.v1": sqliteQueryParamsSchema,
  "bench.report.v1": benchReportParamsSchema,
  "shell.exec.v1": shellExecParamsSchema,
} as const;
