import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import { loadOrCreateNatsAuthKeys, natsAuthKeysSchema, type NatsAuthKeys } from "../nats/auth/keys";

/** Where NATS is, who Pilot and the browsers are on it, and how they sign in. */

const port = z.coerce.number().int().min(1).max(65535);

export const natsEnvSchema = z.object({
  // Comma-separated for a cluster: clients fail over between them.
  NATS_URL: z.string().regex(/^(nats|tls):\/\/[^\s,]+(,(nats|tls):\/\/[^\s,]+)*$/, "expected nats://host:port[,nats://host:port…]").optional(),
  NATS_WS_URL: z.string().regex(/^wss?:\/\/[^\s,]+(,wss?:\/\/[^\s,]+)*$/, "expected ws://host:port[,ws://host:port…]").optional(),
  NATS_MONITOR_URL: z.url().optional(),
  PILOT_NATS_HOST: z.string().min(1).default("127.0.0.1"),
  /** Monitoring is unauthenticated: loopback unless a deployment says otherwise. */
  PILOT_NATS_HTTP_HOST: z.string().min(1).default("127.0.0.1"),
  NATS_PORT: port.default(4222),
  NATS_WS_PORT: port.default(8080),
  NATS_HTTP_PORT: port.default(8222),
  NATS_USER: z.string().min(1).default("pilot"),
  NATS_PASSWORD: z.string().min(1).optional(),
  NATS_VIEWER_USER: z.string().min(1).default("viewer"),
  NATS_VIEWER_PASSWORD: z.string().min(1).optional(),
  NATS_PUBLISHER_USER: z.string().min(1).default("publisher"),
  NATS_PUBLISHER_PASSWORD: z.string().min(1).optional(),
  // Decentralized (JWT) auth: Pilot holds the account's signing key and mints each browser
  // tab's own short-lived user. Pilot's own stack always; an existing NATS only when given
  // the keys file its operator set up with (docs/deploy.md), else user/password.
  PILOT_NATS_AUTH: z.enum(["jwt", "password"]).optional(),
  PILOT_NATS_AUTH_FILE: z.string().min(1).optional(),
  PILOT_LIVE_CREDENTIAL_TTL_SECONDS: z.coerce.number().int().min(2).max(86_400).default(300),
});

type NatsEnv = z.infer<typeof natsEnvSchema>;

const secretsSchema = z.object({
  pilot: z.string().min(16),
  viewer: z.string().min(16),
  publisher: z.string().min(16),
});
type Secrets = z.infer<typeof secretsSchema>;

/** Passwords generated on first use into the data dir (git-ignored), never committed. */
export function loadOrCreateSecrets(dataDir: string): Secrets {
  const file = path.join(/*turbopackIgnore: true*/ dataDir, "nats-secrets.json");
  if (existsSync(file)) {
    const parsed = secretsSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (parsed.success) return parsed.data;
  }
  // A leading letter: nats-server's config substitution reads a value such as `5e3…` as a
  // number in scientific notation and refuses to start.
  const generate = () => `p${randomBytes(18).toString("hex")}`;
  const fresh = { pilot: generate(), viewer: generate(), publisher: generate() };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(fresh, null, 2) + "\n", { mode: 0o600 });
  return fresh;
}

/**
 * How Pilot signs in to NATS. `jwt`: operator mode, every user minted with the account's
 * signing key (Pilot's server and publisher users at start, a browser tab's on each
 * credential request). `password`: the users of nats/permissions.conf, browsers sharing
 * the `viewer` user (the fallback for a NATS Pilot cannot mint for).
 */
export type NatsAuthSettings = { mode: "jwt"; keysFile: string; keys: NatsAuthKeys } | { mode: "password" };

export interface NatsSettings {
  /** True when NATS_URL points Pilot at a server it did not start. */
  externalNats: boolean;
  nats: {
    /** Every server (one, or a cluster's) as given; `url` is them comma-joined, for display. */
    servers: string[];
    url: string;
    /** The browsers' WebSocket servers; `wsUrl` is the first. */
    wsServers: string[];
    wsUrl: string;
    monitorUrl: string | null;
    host: string;
    port: number;
    wsPort: number;
    httpPort: number;
    /** Where monitoring listens (PILOT_NATS_HTTP_HOST). */
    httpHost: string;
  };
  users: {
    pilot: { user: string; pass: string };
    viewer: { user: string; pass: string };
    publisher: { user: string; pass: string };
  };
  natsAuth: NatsAuthSettings;
  /** Seconds a browser tab's NATS credential lasts unless its session renews it. */
  live: { credentialTtlSeconds: number };
}

/** The WebSocket URL(s) browsers use for NATS, comma-joined, without touching secrets (the CSP needs them). */
export function browserNatsUrl(env: NodeJS.ProcessEnv = process.env): string {
  const e = natsEnvSchema.pick({ NATS_WS_URL: true, PILOT_NATS_HOST: true, NATS_WS_PORT: true }).parse(env);
  return e.NATS_WS_URL ?? `ws://${e.PILOT_NATS_HOST}:${e.NATS_WS_PORT}`;
}

/**
 * Pilot's own stack (no NATS_URL) creates its keys on first use; against a server it did
 * not start, Pilot mints only with the keys file that server was set up with.
 */
function natsAuthSettings(e: NatsEnv, dataDir: string): NatsAuthSettings {
  const mode = e.PILOT_NATS_AUTH ?? (e.NATS_URL === undefined || e.PILOT_NATS_AUTH_FILE !== undefined ? "jwt" : "password");
  if (mode === "password") return { mode };
  const keysFile = path.resolve(/*turbopackIgnore: true*/ e.PILOT_NATS_AUTH_FILE ?? path.join(dataDir, "nats-auth.json"));
  if (e.NATS_URL === undefined) return { mode, keysFile, keys: loadOrCreateNatsAuthKeys(keysFile) };
  if (!existsSync(keysFile)) throw new Error(`Invalid Pilot configuration:\n  PILOT_NATS_AUTH_FILE: ${keysFile} does not exist (npm run nats:keys writes it)`);
  return { mode, keysFile, keys: natsAuthKeysSchema.parse(JSON.parse(readFileSync(keysFile, "utf8"))) };
}

export function natsSettings(e: NatsEnv, dataDir: string): NatsSettings {
  const needSecrets = !e.NATS_PASSWORD || !e.NATS_VIEWER_PASSWORD || !e.NATS_PUBLISHER_PASSWORD;
  const secrets = needSecrets ? loadOrCreateSecrets(dataDir) : null;
  const host = e.PILOT_NATS_HOST;
  const servers = (e.NATS_URL ?? `nats://${host}:${e.NATS_PORT}`).split(",");
  const wsServers = (e.NATS_WS_URL ?? `ws://${host}:${e.NATS_WS_PORT}`).split(",");
  return {
    natsAuth: natsAuthSettings(e, dataDir),
    live: { credentialTtlSeconds: e.PILOT_LIVE_CREDENTIAL_TTL_SECONDS },
    externalNats: e.NATS_URL !== undefined,
    nats: {
      servers,
      url: servers.join(","),
      wsServers,
      wsUrl: wsServers[0] ?? `ws://${host}:${e.NATS_WS_PORT}`,
      monitorUrl: e.NATS_MONITOR_URL ?? (e.NATS_URL ? null : `http://${e.PILOT_NATS_HTTP_HOST}:${e.NATS_HTTP_PORT}`),
      host,
      port: e.NATS_PORT,
      wsPort: e.NATS_WS_PORT,
      httpPort: e.NATS_HTTP_PORT,
      httpHost: e.PILOT_NATS_HTTP_HOST,
    },
    users: {
      pilot: { user: e.NATS_USER, pass: e.NATS_PASSWORD ?? secrets?.pilot ?? "" },
      viewer: { user: e.NATS_VIEWER_USER, pass: e.NATS_VIEWER_PASSWORD ?? secrets?.viewer ?? "" },
      publisher: {
        user: e.NATS_PUBLISHER_USER,
        pass: e.NATS_PUBLISHER_PASSWORD ?? secrets?.publisher ?? "",
      },
    },
  };
}
