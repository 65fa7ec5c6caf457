import { createHash, randomBytes } from "node:crypto";
import type { AuthSettings } from "../env";
import { openAuthDb, type AuthDb } from "./auth-db";
import { HashSlots } from "./hash-slots";
import { openLoginThrottle, type FailureLine } from "./login-throttle";
import { hashPassword, unmatchableHash, verifyPassword } from "./passwords";
import { isRole, type Role } from "./roles";

export interface User {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  source: string;
  createdMs: number;
}

interface UserRow {
  id: number;
  username: string;
  password_hash: string | null;
  role: string;
  disabled: number;
  source: string;
  created_ms: number;
}

function user(r: UserRow): User {
  return { id: r.id, username: r.username, role: isRole(r.role) ? r.role : "viewer", disabled: r.disabled === 1, source: r.source, createdMs: r.created_ms };
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
/** Housekeeping (expired sessions, old throttle rows) runs this often, a bounded batch at a time. */
const PRUNE_EVERY_MS = 60_000;
const PRUNE_BATCH = 1000;

export type SignIn =
  | { ok: true; user: User; token: string }
  | { ok: false; reason: "invalid" | "locked" | "disabled" | "busy"; retryAfterMs?: number };

/** Accounts, sessions, rate limits and the access log, over the auth database. */
export function openAuthStore(settings: AuthSettings, now: () => number = Date.now) {
  const db: AuthDb = openAuthDb(settings.dbPath);
  const byName = db.prepare<UserRow>("SELECT * FROM users WHERE username = ?");
  const byId = db.prepare<UserRow>("SELECT * FROM users WHERE id = ?");
  const throttle = openLoginThrottle(db, settings.maxFailures, now);
  const slots = new HashSlots(settings.hashConcurrency, settings.hashConcurrency);
  // Checked for a name with no password (unknown, SSO or proxy only): the same cost, never a match.
  const unmatchable = unmatchableHash();

  function logFailure(line: FailureLine, reason?: string): void {
    store.log({ username: line.username, address: line.address, action: "sign-in failed", detail: { ...(reason ? { reason } : {}), attempts: line.attempts } });
  }

  let prunedMs = 0;
  /** Expired sessions and old throttle rows go, a bounded batch at a time; unlogged failures get their line. */
  function prune(): void {
    if (!db.open) return;
    const t = now();
    prunedMs = t;
    db.prepare("DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions WHERE created_ms < ? OR seen_ms < ? LIMIT ?)").run(t - settings.maxMs, t - settings.idleMs, PRUNE_BATCH);
    for (const line of throttle.prune(PRUNE_BATCH)) logFailure(line);
  }
  const timer = setInterval(() => (db.open ? prune() : clearInterval(timer)), PRUNE_EVERY_MS);
  timer.unref();

  function newSession(userId: number, address: string): string {
    const token = randomBytes(32).toString("base64url");
    db.prepare("INSERT INTO sessions (token_hash, user_id, created_ms, seen_ms, address) VALUES (?, ?, ?, ?, ?)").run(sha256(token), userId, now(), now(), address);
    return token;
  }

  const store = {
    db,
    countUsers: () => db.prepare<{ n: number }>("SELECT count(*) AS n FROM users").get()?.n ?? 0,
    listUsers: () => db.prepare<UserRow>("SELECT * FROM users ORDER BY username").all().map(user),
    getUser: (id: number) => {
      const r = byId.get(id);
      return r ? user(r) : null;
    },
    findUser: (username: string) => {
      const r = byName.get(username);
      return r ? user(r) : null;
    },

    async createUser(username: string, password: string | null, role: Role, source = "local"): Promise<User> {
      const hash = password === null ? null : await slots.run(() => hashPassword(password));
      const res = db.prepare("INSERT INTO users (username, password_hash, role, source, created_ms) VALUES (?, ?, ?, ?, ?)").run(username, hash, role, source, now());
      const created = store.getUser(Number(res.lastInsertRowid));
      if (!created) throw new Error("the user was not created");
      return created;
    },

    /**
     * A password change signs the user out everywhere but `keepToken` (the admin changing
     * their own password stays signed in here); disabling signs them out everywhere.
     */
    async updateUser(id: number, change: { role?: Role; disabled?: boolean; password?: string }, keepToken?: string): Promise<User | null> {
      const { password } = change;
      const hash = password === undefined ? undefined : await slots.run(() => hashPassword(password));
      db.transaction(() => {
        if (change.role !== undefined) db.prepare("UPDATE users SET role = ? WHERE id = ?").run(change.role, id);
        if (change.disabled !== undefined) {
          db.prepare("UPDATE users SET disabled = ? WHERE id = ?").run(change.disabled ? 1 : 0, id);
          // A disabled account is signed out everywhere at once.
          if (change.disabled) db.prepare("DELETE FROM sessions WHERE user_id = ?").run(id);
        }
        if (hash !== undefined) {
          db.prepare("UPDATE users SET password_hash = ? WHERE id = ?").run(hash, id);
          db.prepare("DELETE FROM sessions WHERE user_id = ? AND token_hash != ?").run(id, keepToken === undefined ? "" : sha256(keepToken));
        }
      })();
      return store.getUser(id);
    },

    /** The first admin, from the environment, when no account exists yet. */
    async ensureFirstAdmin(): Promise<void> {
      if (settings.admin.password === null || store.countUsers() > 0) return;
      await store.createUser(settings.admin.user, settings.admin.password, "admin");
    },

    /**
     * Checks a password sign-in: throttled per (address, account) and per address
     * (lib/auth/login-throttle.ts), at most `hashConcurrency` hashes at once (a sign-in past
     * the queue is refused as busy at once). Failures reach the access log aggregated.
     */
    async signIn(username: string, password: string, address: string, previousToken?: string): Promise<SignIn> {
      if (now() - prunedMs >= PRUNE_EVERY_MS) prune();
      const wait = throttle.wait(username, address);
      if (wait > 0) {
        throttle.refused(username, address);
        return { ok: false, reason: "locked", retryAfterMs: wait };
      }
      const row = byName.get(username);
      const check = slots.tryRun(() => verifyPassword(password, row?.password_hash ?? unmatchable));
      if (!check) return { ok: false, reason: "busy", retryAfterMs: 1000 };
      const good = (await check) && row !== undefined;
      if (!row || !good || row.disabled === 1) {
        const reason = good ? "disabled" : "invalid";
        const line = throttle.failed(username, address);
        if (line) logFailure(line, reason);
        return { ok: false, reason };
      }
      const line = throttle.succeeded(username, address);
      if (line) logFailure(line);
      // A new sign-in gets a new token and ends the session this browser had (no fixation).
      if (previousToken !== undefined) store.signOut(previousToken);
      return { ok: true, user: user(row), token: newSession(row.id, address) };
    },

    prune,

    /** A session for a user signed in elsewhere (SSO, trusted proxy). */
    sessionFor: (u: User, address: string) => newSession(u.id, address),

    /** The signed-in user of a session token, or null (expired, idle too long, disabled). */
    /** `touch: false` checks the session without counting as use (a live tab's credential renewal). */
    userOfSession(token: string, touch = true): User | null {
      const hash = sha256(token);
      const s = db.prepare<{ user_id: number; created_ms: number; seen_ms: number }>("SELECT user_id, created_ms, seen_ms FROM sessions WHERE token_hash = ?").get(hash);
      if (!s) return null;
      const t = now();
      if (t - s.created_ms > settings.maxMs || t - s.seen_ms > settings.idleMs) {
        db.prepare("DELETE FROM sessions WHERE token_hash = ?").run(hash);
        return null;
      }
      const u = store.getUser(s.user_id);
      if (!u || u.disabled) return null;
      // Written at most once a minute: reads stay reads.
      if (touch && t - s.seen_ms > 60_000) db.prepare("UPDATE sessions SET seen_ms = ? WHERE token_hash = ?").run(t, hash);
      return u;
    },

    signOut: (token: string) => void db.prepare("DELETE FROM sessions WHERE token_hash = ?").run(sha256(token)),

    log(entry: { username: string | null; address: string; action: string; target?: string | null; detail?: unknown }): void {
      db.prepare("INSERT INTO access_log (at_ms, username, address, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)").run(
        now(),
        entry.username,
        entry.address,
        entry.action,
        entry.target ?? null,
        entry.detail === undefined ? null : JSON.stringify(entry.detail),
      );
    },
  };
  return store;
}

export type AuthStore = ReturnType<typeof openAuthStore>;
