import path from "node:path";
import { z } from "zod";
import { authEnvSchema, authSettings, PROXY_HEADER_UNTRUSTED, proxyHeaderTrusted, type AuthSettings } from "./env/auth";
import { evidenceEnvSchema, evidenceSettings, type EvidenceSettings } from "./env/evidence";
import { ingestEnvSchema, ingestSettings, type IngestSettings } from "./env/ingest";
import { natsEnvSchema, natsSettings, type NatsSettings } from "./env/nats";

/**
 * Pilot's environment, parsed once with zod. Node-only but not `server-only`: the
 * scripts (nats stack, demo, streams) share it with the app. The app reads it through
 * `lib/config.ts`. This file is the door: each concern's variables, their settings and
 * their types are in lib/env/ (nats, ingest, auth, evidence); everything reads them here.
 */
export { loadOrCreateSecrets, browserNatsUrl, type NatsAuthSettings } from "./env/nats";
export { servedOverHttps, type AuthSettings, type Role } from "./env/auth";

const envSchema = z.object({
  PILOT_DATA_DIR: z.string().min(1).default(".data"),
  ...natsEnvSchema.shape,
  ...ingestEnvSchema.shape,
  ...authEnvSchema.shape,
  ...evidenceEnvSchema.shape,
});

// On the whole schema, not on auth's part: spreading the parts' shapes would drop it.
const checkedEnvSchema = envSchema.refine(proxyHeaderTrusted, { error: PROXY_HEADER_UNTRUSTED, path: ["PILOT_AUTH_PROXY_HEADER"] });

export type PilotEnv = z.infer<typeof envSchema>;

export interface PilotSettings extends NatsSettings, IngestSettings {
  dataDir: string;
  auth: AuthSettings;
  /** The key that signs evidence bundles: configured (shared by replicas) or this data dir's own. */
  evidence: EvidenceSettings;
}

export function formatEnvError(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`).join("\n");
}

/** Parses the environment; throws an Error that names every bad variable. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): PilotSettings {
  const parsed = checkedEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid Pilot configuration:\n${formatEnvError(parsed.error)}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(/*turbopackIgnore: true*/ e.PILOT_DATA_DIR);
  return {
    ...natsSettings(e, dataDir),
    dataDir,
    ...ingestSettings(e, env, dataDir),
    evidence: evidenceSettings(e, dataDir),
    auth: authSettings(e, env, dataDir),
  };
}
