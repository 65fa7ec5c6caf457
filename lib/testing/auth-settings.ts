import type { AuthSettings } from "../env";

/**
 * Auth settings for a test's own accounts database at `dbPath`: password sign-in only (no
 * proxy, no SSO, plain http), small limits; a test passes what it is about in `more`.
 */
export function testAuthSettings(dbPath: string, more: Partial<AuthSettings> = {}): AuthSettings {
  return {
    dbPath,
    store: { name: "PILOT_AUTH", logMaxAgeMs: 30 * 86_400_000 },
    admin: { user: "admin", password: "correct horse battery" },
    idleMs: 30 * 60_000,
    maxMs: 12 * 3_600_000,
    maxFailures: 3,
    hashConcurrency: 2,
    proxyHeader: null,
    proxyRole: "viewer",
    trustedProxies: [],
    proxySecret: null,
    oidc: null,
    publicUrl: null,
    https: false,
    ...more,
  };
}
