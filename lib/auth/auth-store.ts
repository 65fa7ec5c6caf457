import type { AuthSettings } from "../env";
import { accountRecords, NameTaken, userOf, type User } from "./account-records";
import type { SharedAuth } from "./shared-auth";
import { HashSlots } from "./hash-slots";
import { openLoginThrottle, type FailureLine } from "./login-throttle";
import { hashPassword, unmatchableHash, verifyPassword } from "./passwords";
import type { Role } from "./roles";
import { sessionRecords } from "./session-records";
import { StoreUnavailable } from "./store-link";

export { NameTaken, type User };

/** Housekeeping (expired sessions, old throttle rows) runs this often, a bounded batch at a time. */
const PRUNE_EVERY_MS = 60_000;
const PRUNE_BATCH = 1000;

export type SignIn =
  | { ok: true; user: User; token: string }
  | { ok: false; reason: "invalid" | "locked" | "disabled" | "busy"; retryAfterMs?: number };

/**
 * Accounts, sessions, rate limits and the access log, over the shared store every replica
 * uses (lib/auth/shared-auth.ts): a change made through one replica holds on every other
 * from the next request on. Methods that write throw StoreUnavailable while NATS cannot be
 * reached; session checks then answer from this replica's last known copy.
 */
export function openAuthStore(settings: AuthSettings, shared: SharedAuth, now: () => number = Date.now) {
  const accounts = accountRecords(shared.accounts, now);
  const sessions = sessionRecords(shared.sessions, settings, now);
  const throttle = openLoginThrottle(shared.throttle, settings.maxFailures, now);
  const slots = new HashSlots(settings.hashConcurrency, settings.hashConcurrency);
  // Checked for a name with no password (unknown, SSO or proxy only): the same cost, never a match.
  const unmatchable = unmatchableHash();
  let firstAdmin: Promise<void> | null = null;

  function logFailure(line: FailureLine, reason?: string): void {
    store.log({ username: line.username, address: line.address, action: "sign-in failed", detail: { ...(reason ? { reason } : {}), attempts: line.attempts } });
  }

  let prunedMs = 0;
  /** Expired sessions and old throttle rows go, a bounded batch at a time; unlogged failures get their line. */
  async function prune(): Promise<void> {
    prunedMs = now();
    if (!shared.link.isUp) return;
    try {
      await sessions.prune(PRUNE_BATCH);
      for (const line of await throttle.prune(PRUNE_BATCH)) logFailure(line);
    } catch (err) {
      if (!(err instanceof StoreUnavailable)) throw err;
    }
  }
  const timer = setInterval(() => void prune().catch((err: unknown) => console.error("[auth] housekeeping failed:", err)), PRUNE_EVERY_MS);
  timer.unref();

  const store = {
    shared,
    /** How many accounts exist (this replica's mirror). */
    countUsers: () => accounts.list().length,
    listUsers: () =>
      accounts
        .list()
        .map(userOf)
        .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0)),
    getUser: async (id: number) => {
      const e = await accounts.byId(id);
      return e ? userOf(e.value) : null;
    },
    findUser: async (username: string) => {
      const a = await accounts.byName(username);
      return a ? userOf(a) : null;
    },
    accounts,
    sessions,

    /** Throws NameTaken when the name (in any case) has an account. */
    async createUser(username: string, password: string | null, role: Role, source = "local"): Promise<User> {
      const hash = password === null ? null : await slots.run(() => hashPassword(password));
      return userOf(await accounts.create({ username, passwordHash: hash, role, disabled: false, source, createdMs: now() }));
    },

    /**
     * A password change signs the user out everywhere but `keepToken` (the admin changing
     * their own password stays signed in here); disabling signs them out everywhere, for
     * good. Both bump the account's generation in the same compare-and-set write that makes
     * the change, so every replica refuses the older sessions from its next check on.
     */
    async updateUser(id: number, change: { role?: Role; disabled?: boolean; password?: string }, keepToken?: string): Promise<User | null> {
      const { password } = change;
      const hash = password === undefined ? undefined : await slots.run(() => hashPassword(password));
      const ends = change.disabled === true || hash !== undefined;
      const updated = await accounts.change(id, (a) => ({
        ...a,
        role: change.role ?? a.role,
        disabled: change.disabled ?? a.disabled,
        passwordHash: hash ?? a.passwordHash,
        generation: ends ? a.generation + 1 : a.generation,
      }));
      if (updated && hash !== undefined && change.disabled !== true && keepToken !== undefined) {
        const kept = await sessions.check(keepToken, false);
        if (kept?.session.userId === id) await sessions.keep(keepToken, updated.generation);
      }
      return updated ? userOf(updated) : null;
    },

    /** The first admin, from the environment, when no account exists yet: once, whichever replica gets there first. */
    /**
     * One creation at a time in this process: sign-ins that arrive together while the first
     * admin's password is still hashing wait for that creation instead of starting their own.
     */
    ensureFirstAdmin(): Promise<void> {
      const password = settings.admin.password;
      if (password === null || store.countUsers() > 0 || !shared.link.isUp) return Promise.resolve();
      firstAdmin ??= (async () => {
        try {
          await store.createUser(settings.admin.user, password, "admin");
          console.warn(`[auth] created the first admin, ${settings.admin.user}, in the shared store ${settings.store.name}`);
        } catch (err) {
          // Another replica created it (or another account) a moment before.
          if (!(err instanceof NameTaken)) throw err;
        } finally {
          firstAdmin = null;
        }
      })();
      return firstAdmin;
    },

    /**
     * Checks a password sign-in: throttled per (address, account) and per address
     * (lib/auth/login-throttle.ts), at most `hashConcurrency` hashes at once (a sign-in past
     * the queue is refused as busy at once). Failures reach the access log aggregated.
     * Throws StoreUnavailable while NATS is away (a session could not be written anyway).
     */
    async signIn(username: string, password: string, address: string, previousToken?: string): Promise<SignIn> {
      if (!shared.link.isUp) throw new StoreUnavailable();
      if (now() - prunedMs >= PRUNE_EVERY_MS) void prune().catch((err: unknown) => console.error("[auth] housekeeping failed:", err));
      const wait = await throttle.wait(username, address);
      if (wait > 0) {
        await throttle.refused(username, address);
        return { ok: false, reason: "locked", retryAfterMs: wait };
      }
      const account = await accounts.byName(username);
      const check = slots.tryRun(() => verifyPassword(password, account?.passwordHash ?? unmatchable));
      if (!check) return { ok: false, reason: "busy", retryAfterMs: 1000 };
      const good = (await check) && account !== null;
      if (!account || !good || account.disabled) {
        const reason = good ? "disabled" : "invalid";
        const line = await throttle.failed(username, address);
        if (line) logFailure(line, reason);
        return { ok: false, reason };
      }
      const line = await throttle.succeeded(username, address);
      if (line) logFailure(line);
      // A new sign-in gets a new token and ends the session this browser had (no fixation).
      if (previousToken !== undefined) await store.signOut(previousToken);
      return { ok: true, user: userOf(account), token: await sessions.create(account, address) };
    },

    prune,

    /** A session for a user signed in elsewhere (SSO, trusted proxy). */
    async sessionFor(u: User, address: string): Promise<string> {
      const a = await accounts.byId(u.id);
      if (!a) throw new Error(`account ${u.id} is gone`);
      return sessions.create(a.value, address);
    },

    /**
     * The signed-in user of a session token, or null (expired, idle too long, signed out,
     * disabled, or of an older generation of the account: its password changed since).
     * Two direct reads of the shared store, so a change made on another replica counts now.
     * `touch: false` checks the session without counting as use (a live tab's credential renewal).
     */
    async userOfSession(token: string, touch = true): Promise<User | null> {
      const s = await sessions.check(token, touch);
      if (!s) return null;
      const a = await accounts.byId(s.session.userId);
      if (!a || a.value.disabled || a.value.generation !== s.session.generation) return null;
      return userOf(a.value);
    },

    signOut: (token: string) => sessions.remove(token),

    /** Appends to the one access log (in the background; kept while NATS is away). */
    log(entry: { username: string | null; address: string; action: string; target?: string | null; detail?: unknown }): void {
      shared.log.append({
        atMs: now(),
        username: entry.username,
        address: entry.address,
        action: entry.action,
        target: entry.target ?? null,
        detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      });
    },

    close(): void {
      clearInterval(timer);
      shared.close();
    },
  };
  return store;
}

export type AuthStore = ReturnType<typeof openAuthStore>;
