import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * What the shared store holds, as zod schemas: every value read from a KV bucket or the
 * log stream is outside data (another replica, another version of Pilot, or someone with
 * the server's NATS user wrote it) and is parsed, never cast.
 */

const role = z.enum(["viewer", "auditor", "admin"]);

/** `user.<id>` in the accounts bucket. */
export const accountRecord = z.object({
  id: z.number().int().positive(),
  username: z.string().min(1).max(200),
  /** null: signs in only through SSO or the trusted proxy. */
  passwordHash: z.string().nullable(),
  role,
  disabled: z.boolean(),
  source: z.string(),
  createdMs: z.number(),
  /**
   * Sessions carry the generation of their account when they were made; a session of an
   * older generation is refused. Disabling and a password change bump it: one write ends
   * every session of the person on every replica, without finding their sessions.
   */
  generation: z.number().int().nonnegative(),
});
export type AccountRecord = z.infer<typeof accountRecord>;

/** `name.<hash of the lower-cased name>`: one account per name, whatever its case. */
export const nameRecord = z.object({
  id: z.number().int().positive(),
  /** When the name was reserved (absent in the first records written): a reservation still being completed is not taken over. */
  reservedMs: z.number().optional(),
});

/** `ext.<hash of issuer and subject>`: the account of an identity from outside. */
export const externalRecord = z.object({ issuer: z.string(), subject: z.string(), userId: z.number().int().positive(), createdMs: z.number() });

/** `meta.next-id`: the next account id (ids are numbers, as the admin API's URLs have them). */
export const nextIdRecord = z.object({ next: z.number().int().positive() });

/** `meta.init`: who set the store up (the import of an older auth.sqlite, the first admin) and whether it is done. */
export const initRecord = z.object({
  by: z.string(),
  atMs: z.number(),
  state: z.enum(["importing", "done"]),
  imported: z.number().int().nonnegative(),
});
export type InitRecord = z.infer<typeof initRecord>;

/** `s.<token hash>` in the sessions bucket. */
export const sessionRecord = z.object({
  userId: z.number().int().positive(),
  generation: z.number().int().nonnegative(),
  createdMs: z.number(),
  seenMs: z.number(),
  address: z.string(),
});
export type SessionRecord = z.infer<typeof sessionRecord>;

/** `sso.<state hash>`: a pending SSO sign-in (its PKCE verifier and nonce), used once. */
export const ssoStateRecord = z.object({ verifier: z.string(), nonce: z.string(), next: z.string(), createdMs: z.number() });
export type SsoStateRecord = z.infer<typeof ssoStateRecord>;

/** `t.<address hash>.<account hash>` in the throttle bucket (lib/auth/login-throttle.ts). */
export const throttleRecord = z.object({
  address: z.string(),
  /** '': the address across every account. */
  username: z.string(),
  failures: z.number().int().nonnegative(),
  lastMs: z.number(),
  untilMs: z.number(),
  unlogged: z.number().int().nonnegative(),
  loggedMs: z.number().nullable(),
});
export type ThrottleRecord = z.infer<typeof throttleRecord>;

/** One line of the access log stream. */
export const logLine = z.object({
  atMs: z.number(),
  username: z.string().nullable(),
  address: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  /** JSON text, as the admin page and the exports show it. */
  detail: z.string().nullable(),
});
export type LogLine = z.infer<typeof logLine>;

/**
 * KV keys may hold only `[-/_=.a-zA-Z0-9]`, and a name typed at sign-in may hold anything:
 * keys carry a hash. It also keeps names and addresses out of the key list.
 */
export const keyHash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 40);

export const keys = {
  user: (id: number) => `user.${id}`,
  name: (username: string) => `name.${keyHash(username.toLowerCase())}`,
  external: (issuer: string, subject: string) => `ext.${keyHash(`${issuer}\0${subject}`)}`,
  nextId: "meta.next-id",
  init: "meta.init",
  session: (tokenHash: string) => `s.${tokenHash}`,
  sso: (state: string) => `sso.${keyHash(state)}`,
  throttle: (address: string, username: string) => `t.${keyHash(address)}.${username === "" ? "any" : keyHash(username.toLowerCase())}`,
};

/** Parses a stored JSON value with `schema`; null (and a server-log line) when it is not one. */
export function decodeRecord<T>(schema: z.ZodType<T>, bytes: Uint8Array, what: string): T | null {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    console.error(`[auth] ${what} in the shared store is not JSON: ignored`);
    return null;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    console.error(`[auth] ${what} in the shared store is not valid (${parsed.error.issues[0]?.message ?? "?"}): ignored`);
    return null;
  }
  return parsed.data;
}

export const encodeRecord = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
