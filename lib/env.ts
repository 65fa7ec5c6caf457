import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import { loadOrCreateNatsAuthKeys, natsAuthKeysSchema, type NatsAuthKeys } from "./nats/auth/keys";
import { PILOT_STREAM_NAMES } from "./nats/topology";
import { DEFAULT_NO_RESULT_GRACE_MS } from "./contract/intent-outcome";
import { addressList } from "./auth/client-address";

/**
 * Pilot's environment, parsed once with zod. Node-only but not `server-only`: the
 * scripts (nats stack, demo, streams) share it with the app. The app reads it through
 * `lib/config.ts`.
 */
const port = z.coerce.number().int().min(1).max(65535);
const base64Key = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}=$/, "expected the standard base64 of a 32-byte Ed25519 key");

// What nats-server accepts in a stream or durable name: no whitespace, dots, wildcards
// or path separators (the name becomes part of API subjects and of a directory name).
const natsName = z.string().regex(/^[^\s.*>/\\]+$/, "expected a NATS stream name (no spaces, dots, * or >)");

const commaList = z
  .string()
  .default("")
  .transform((s) => s.split(",").map((e) => e.trim()).filter((e) => e.length > 0));

function isAddressOrNetwork(entry: string): boolean {
  try {
    addressList([entry]);
    return true;
  } catch {
    return false;
  }
}

const envSchema = z.object({
  PILOT_DATA_DIR: z.string().min(1).default(".data"),
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
  PILOT_AUTH_DB_PATH: z.string().min(1).optional(),
  // The shared accounts store's name on NATS: its KV buckets are <name>_ACCOUNTS, _SESSIONS,
  // _THROTTLE and its access-log stream <name>_LOG (lib/auth/shared-names.ts). Every replica
  // of one Pilot uses the same; two Pilots on one NATS that must not share accounts differ.
  PILOT_AUTH_STORE: z.string().regex(/^[A-Z][A-Z0-9_]{0,31}$/, "expected upper-case letters, digits and _ (at most 32)").default("PILOT_AUTH"),
  PILOT_ACCESS_LOG_MAX_AGE_DAYS: z.coerce.number().positive().max(36_500).default(400),
  PILOT_ADMIN_USER: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, "expected a user name (letters, digits, . _ @ -)").default("admin"),
  PILOT_ADMIN_PASSWORD: z.string().min(12, "expected at least 12 characters").optional(),
  PILOT_SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  PILOT_SESSION_MAX_HOURS: z.coerce.number().positive().default(12),
  PILOT_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  PILOT_AUTH_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  PILOT_AUTH_PROXY_HEADER: z.string().regex(/^[A-Za-z0-9-]+$/, "expected a header name").optional(),
  PILOT_AUTH_PROXY_ROLE: z.enum(["viewer", "auditor", "admin"]).default("viewer"),
  // The proxy's user header counts only from these peers and/or with this secret (lib/auth/proxy-trust.ts).
  PILOT_TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((e) => e.trim()).filter((e) => e.length > 0))
    .pipe(z.array(z.string().refine(isAddressOrNetwork, { error: (i) => `not an address or network: ${String(i.input)}` }))),
  PILOT_AUTH_PROXY_SECRET: z.string().min(16, "expected at least 16 characters").optional(),
  PILOT_OIDC_ISSUER: z.url().optional(),
  PILOT_OIDC_CLIENT_ID: z.string().min(1).optional(),
  PILOT_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  PILOT_OIDC_ROLE: z.enum(["viewer", "auditor", "admin"]).default("viewer"),
  PILOT_OIDC_ALLOWED_DOMAINS: commaList.pipe(z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/i, "expected e-mail domains such as example.com"))),
  PILOT_OIDC_ALLOWED_GROUPS: commaList,
  PILOT_OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  PILOT_PUBLIC_URL: z.url().optional(),
  // Pilot's Ed25519 key that signs evidence bundles (lib/evidence/pilot-key.ts): a PKCS#8
  // PEM file (`openssl genpkey -algorithm ed25519`). Every replica must be given the same
  // one; unset, each data directory gets its own, generated on first use.
  PILOT_EVIDENCE_KEY_FILE: z.string().min(1).optional(),
});

// Beside the schema, not on it: zod refuses `.pick` (browserNatsUrl) on a refined object.
const checkedEnvSchema = envSchema.refine((e) => !e.PILOT_AUTH_PROXY_HEADER || e.PILOT_TRUSTED_PROXIES.length > 0 || e.PILOT_AUTH_PROXY_SECRET !== undefined, {
    error: "PILOT_AUTH_PROXY_HEADER needs PILOT_TRUSTED_PROXIES (the proxy's addresses) or PILOT_AUTH_PROXY_SECRET (a secret it sends): otherwise anyone could send the header",
    path: ["PILOT_AUTH_PROXY_HEADER"],
  });

export type PilotEnv = z.infer<typeof envSchema>;

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

export interface PilotSettings {
  dataDir: string;
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
  auth: AuthSettings;
  /** The key that signs evidence bundles: configured (shared by replicas) or this data dir's own. */
  evidence: { keyFile: string; configured: boolean };
}

export type Role = "viewer" | "auditor" | "admin";

export interface AuthSettings {
  /**
   * The accounts database of an older Pilot, imported once into the shared store
   * (lib/auth/legacy-import.ts), and this replica's cache of the shared access log. NOT the
   * index (reindex must not erase it).
   */
  dbPath: string;
  /** The shared store on NATS (KV buckets and the access-log stream) and how long the log keeps a line. */
  store: { name: string; logMaxAgeMs: number };
  admin: { user: string; password: string | null };
  idleMs: number;
  maxMs: number;
  /** Failed sign-ins from one address to one account before each further one waits (1 min, doubling to 1 h); per address across accounts: 4×. */
  maxFailures: number;
  /** Password hashes (128 MiB of scrypt each) run at once; as many more may wait, the rest are refused as busy. */
  hashConcurrency: number;
  /** Trusted-proxy mode: the header an authenticating proxy sets to the user name. */
  proxyHeader: string | null;
  proxyRole: Role;
  /** Peers (addresses, networks) whose x-forwarded-for and user header count. */
  trustedProxies: string[];
  /** A secret the authenticating proxy sends in x-pilot-proxy-secret. */
  proxySecret: string | null;
  oidc: {
    issuer: string;
    clientId: string;
    clientSecret: string | null;
    role: Role;
    /** Lower-case e-mail domains an SSO account's verified e-mail must be in; empty = any. */
    allowedDomains: string[];
    /** Groups (in the ID token claim groupsClaim) an SSO account must be in one of; empty = any. */
    allowedGroups: string[];
    groupsClaim: string;
  } | null;
  /** Where browsers reach Pilot (OIDC redirect URL); null = from the request. */
  publicUrl: string | null;
  /** PILOT_PUBLIC_URL is https: cookies are Secure and __Host-, and HSTS is sent. */
  https: boolean;
}

/** The WebSocket URL(s) browsers use for NATS, comma-joined, without touching secrets (the CSP needs them). */
export function browserNatsUrl(env: NodeJS.ProcessEnv = process.env): string {
  const e = envSchema.pick({ NATS_WS_URL: true, PILOT_NATS_HOST: true, NATS_WS_PORT: true }).parse(env);
  return e.NATS_WS_URL ?? `ws://${e.PILOT_NATS_HOST}:${e.NATS_WS_PORT}`;
}

/**
 * Whether Pilot is configured to be served over HTTPS (PILOT_PUBLIC_URL is https), without
 * touching secrets (proxy.ts needs it for HSTS and the cookie's name). Configuration, not
 * a request header: x-forwarded-proto is whatever the client or proxy says.
 */
export function servedOverHttps(env: NodeJS.ProcessEnv = process.env): boolean {
  const url = z.url().optional().catch(undefined).parse(env.PILOT_PUBLIC_URL);
  return url !== undefined && new URL(url).protocol === "https:";
}

export function formatEnvError(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`).join("\n");
}

/**
 * Pilot's own stack (no NATS_URL) creates its keys on first use; against a server it did
 * not start, Pilot mints only with the keys file that server was set up with.
 */
function natsAuthSettings(e: PilotEnv, dataDir: string): NatsAuthSettings {
  const mode = e.PILOT_NATS_AUTH ?? (e.NATS_URL === undefined || e.PILOT_NATS_AUTH_FILE !== undefined ? "jwt" : "password");
  if (mode === "password") return { mode };
  const keysFile = path.resolve(/*turbopackIgnore: true*/ e.PILOT_NATS_AUTH_FILE ?? path.join(dataDir, "nats-auth.json"));
  if (e.NATS_URL === undefined) return { mode, keysFile, keys: loadOrCreateNatsAuthKeys(keysFile) };
  if (!existsSync(keysFile)) throw new Error(`Invalid Pilot configuration:\n  PILOT_NATS_AUTH_FILE: ${keysFile} does not exist (npm run nats:keys writes it)`);
  return { mode, keysFile, keys: natsAuthKeysSchema.parse(JSON.parse(readFileSync(keysFile, "utf8"))) };
}

/** Parses the environment; throws an Error that names every bad variable. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): PilotSettings {
  const parsed = checkedEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid Pilot configuration:\n${formatEnvError(parsed.error)}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(/*turbopackIgnore: true*/ e.PILOT_DATA_DIR);
  const needSecrets = !e.NATS_PASSWORD || !e.NATS_VIEWER_PASSWORD || !e.NATS_PUBLISHER_PASSWORD;
  const secrets = needSecrets ? loadOrCreateSecrets(dataDir) : null;
  const host = e.PILOT_NATS_HOST;
  const servers = (e.NATS_URL ?? `nats://${host}:${e.NATS_PORT}`).split(",");
  const wsServers = (e.NATS_WS_URL ?? `ws://${host}:${e.NATS_WS_PORT}`).split(",");
  return {
    natsAuth: natsAuthSettings(e, dataDir),
    live: { credentialTtlSeconds: e.PILOT_LIVE_CREDENTIAL_TTL_SECONDS },
    dataDir,
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
    evidence: {
      keyFile: path.resolve(/*turbopackIgnore: true*/ e.PILOT_EVIDENCE_KEY_FILE ?? path.join(dataDir, "evidence-key.pem")),
      configured: e.PILOT_EVIDENCE_KEY_FILE !== undefined,
    },
    auth: {
      dbPath: path.resolve(/*turbopackIgnore: true*/ e.PILOT_AUTH_DB_PATH ?? path.join(dataDir, "auth.sqlite")),
      store: { name: e.PILOT_AUTH_STORE, logMaxAgeMs: e.PILOT_ACCESS_LOG_MAX_AGE_DAYS * 86_400_000 },
      admin: { user: e.PILOT_ADMIN_USER, password: e.PILOT_ADMIN_PASSWORD ?? null },
      idleMs: e.PILOT_SESSION_IDLE_MINUTES * 60_000,
      maxMs: e.PILOT_SESSION_MAX_HOURS * 3_600_000,
      maxFailures: e.PILOT_LOGIN_MAX_FAILURES,
      hashConcurrency: e.PILOT_AUTH_HASH_CONCURRENCY,
      proxyHeader: e.PILOT_AUTH_PROXY_HEADER?.toLowerCase() ?? null,
      proxyRole: e.PILOT_AUTH_PROXY_ROLE,
      trustedProxies: e.PILOT_TRUSTED_PROXIES,
      proxySecret: e.PILOT_AUTH_PROXY_SECRET ?? null,
      oidc:
        e.PILOT_OIDC_ISSUER && e.PILOT_OIDC_CLIENT_ID
          ? {
              issuer: e.PILOT_OIDC_ISSUER,
              clientId: e.PILOT_OIDC_CLIENT_ID,
              clientSecret: e.PILOT_OIDC_CLIENT_SECRET ?? null,
              role: e.PILOT_OIDC_ROLE,
              allowedDomains: e.PILOT_OIDC_ALLOWED_DOMAINS.map((d) => d.toLowerCase()),
              allowedGroups: e.PILOT_OIDC_ALLOWED_GROUPS,
              groupsClaim: e.PILOT_OIDC_GROUPS_CLAIM,
            }
          : null,
      publicUrl: e.PILOT_PUBLIC_URL ?? null,
      https: servedOverHttps(env),
    },
  };
}
