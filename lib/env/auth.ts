import path from "node:path";
import { z } from "zod";
import { addressList } from "../auth/client-address";

/** Who may sign in to Pilot and how: local accounts, a trusted proxy, OIDC; sessions and cookies. */

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

export const authEnvSchema = z.object({
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
});

type AuthEnv = z.infer<typeof authEnvSchema>;

/**
 * The proxy's user header counts only from a known peer or with a secret: otherwise anyone
 * could send it. A rule across variables, so lib/env.ts checks it on the whole schema.
 */
export function proxyHeaderTrusted(e: Pick<AuthEnv, "PILOT_AUTH_PROXY_HEADER" | "PILOT_TRUSTED_PROXIES" | "PILOT_AUTH_PROXY_SECRET">): boolean {
  return !e.PILOT_AUTH_PROXY_HEADER || e.PILOT_TRUSTED_PROXIES.length > 0 || e.PILOT_AUTH_PROXY_SECRET !== undefined;
}

export const PROXY_HEADER_UNTRUSTED =
  "PILOT_AUTH_PROXY_HEADER needs PILOT_TRUSTED_PROXIES (the proxy's addresses) or PILOT_AUTH_PROXY_SECRET (a secret it sends): otherwise anyone could send the header";

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

/**
 * Whether Pilot is configured to be served over HTTPS (PILOT_PUBLIC_URL is https), without
 * touching secrets (proxy.ts needs it for HSTS and the cookie's name). Configuration, not
 * a request header: x-forwarded-proto is whatever the client or proxy says.
 */
export function servedOverHttps(env: NodeJS.ProcessEnv = process.env): boolean {
  const url = z.url().optional().catch(undefined).parse(env.PILOT_PUBLIC_URL);
  return url !== undefined && new URL(url).protocol === "https:";
}

export function authSettings(e: AuthEnv, env: NodeJS.ProcessEnv, dataDir: string): AuthSettings {
  return {
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
  };
}
