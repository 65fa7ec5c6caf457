import { createHash, randomBytes } from "node:crypto";
import type { SharedBucket } from "./shared-bucket";
import { keys, sessionRecord, ssoStateRecord, type AccountRecord, type SessionRecord, type SsoStateRecord } from "./shared-records";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
/** A session is written back (its last use) at most this often: reads stay reads. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Sessions in the shared store's sessions bucket, under `s.<SHA-256 of the token>`: the
 * cookie holds the token, the store only its hash, so a copy of the bucket signs nobody in.
 * The bucket's TTL (the session's maximum life) removes what housekeeping did not.
 */
export function sessionRecords(bucket: SharedBucket, limits: { idleMs: number; maxMs: number }, now: () => number) {
  const expired = (s: SessionRecord, t: number) => t - s.createdMs > limits.maxMs || t - s.seenMs > limits.idleMs;

  return {
    /** A new session of `account` (at its current generation); the token for the cookie. */
    async create(account: AccountRecord, address: string): Promise<string> {
      const token = randomBytes(32).toString("base64url");
      const t = now();
      await bucket.put(keys.session(sha256(token)), { userId: account.id, generation: account.generation, createdMs: t, seenMs: t, address } satisfies SessionRecord);
      return token;
    },

    /**
     * The live session of a token: null when unknown, expired (then removed) or signed out.
     * `touch` records the use, at most once a minute, and only at the revision read: a
     * sign-out on another replica in between is not undone by it.
     */
    async check(token: string, touch: boolean): Promise<{ session: SessionRecord; revision: number } | null> {
      const e = await bucket.get(keys.session(sha256(token)), sessionRecord);
      if (!e) return null;
      const t = now();
      if (expired(e.value, t)) {
        await bucket.remove(e.key, e.revision).catch(() => false);
        return null;
      }
      if (touch && t - e.value.seenMs > TOUCH_EVERY_MS) await bucket.update(e.key, { ...e.value, seenMs: t }, e.revision).catch(() => null);
      return { session: e.value, revision: e.revision };
    },

    /** Moves a session to the account's new generation (the admin who changed their own password stays signed in). */
    async keep(token: string, generation: number): Promise<void> {
      for (let i = 0; i < 8; i++) {
        const e = await bucket.get(keys.session(sha256(token)), sessionRecord);
        if (!e) return;
        if ((await bucket.update(e.key, { ...e.value, generation }, e.revision)) !== null) return;
      }
    },

    async remove(token: string): Promise<void> {
      await bucket.remove(keys.session(sha256(token)));
    },

    /** Expired sessions in this replica's mirror, removed a bounded batch at a time. */
    async prune(limit: number): Promise<void> {
      const t = now();
      const due = bucket.entries("s.", sessionRecord).filter((e) => expired(e.value, t)).slice(0, limit);
      for (const e of due) await bucket.remove(e.key, e.revision).catch(() => false);
    },

    /** How many sessions this replica's mirror holds (tests, housekeeping). */
    count(): number {
      return bucket.entries("s.", sessionRecord).length;
    },

    async saveSso(state: string, saved: SsoStateRecord): Promise<void> {
      await bucket.put(keys.sso(state), saved);
    },

    /** The pending SSO sign-in of `state`, taken once: of two callbacks with one state, only one gets it. */
    async takeSso(state: string): Promise<SsoStateRecord | null> {
      const e = await bucket.get(keys.sso(state), ssoStateRecord);
      if (!e) return null;
      return (await bucket.remove(e.key, e.revision)) ? e.value : null;
    },
  };
}

export type SessionRecords = ReturnType<typeof sessionRecords>;
