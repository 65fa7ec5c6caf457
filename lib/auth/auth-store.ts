import { createHash, randomBytes } from "node:crypto";
import type { AuthSettings } from "../env";
import { openAuthDb, type AuthDb } from "./auth-db";
import { hashPassword, verifyPassword } from "./passwords";
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
const FAILURE_WINDOW_MS = 15 * 60_000;

export type SignIn =
  | { ok: true; user: User; token: string }
  | { ok: false; reason: "invalid" | "locked" | "disabled"; retryAfterMs?: number };

/** Accounts, sessions, rate limits and the access log, over the auth database. */
export function openAuthStore(settings: AuthSettings, now: () => number = Date.now) {
  const db: AuthDb = openAuthDb(settings.dbPath);
  const byName = db.prepare<UserRow>("SELECT * FROM users WHERE username = ?");
  const byId = db.prepare<UserRow>("SELECT * FROM users WHERE id = ?");
  const failures = (column: "username" | "address") =>
    db.prepare<{ n: number; last: number | null }>(`SELECT count(*) AS n, max(at_ms) AS last FROM login_failures WHERE ${column} = ? AND at_ms > ?`);
  const failuresByUser = failures("username");
  const failuresByAddress = failures("address");

  function locked(username: string, address: string): number | null {
    const since = now() - FAILURE_WINDOW_MS;
    const u = failuresByUser.get(username, since);
    const a = failuresByAddress.get(address, since);
    const hit = (u && u.n >= settings.maxFailures ? u.last : null) ?? (a && a.n >= settings.maxFailures * 4 ? a.last : null);
    return hit === null ? null : hit + FAILURE_WINDOW_MS - now();
  }

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
      const hash = password === null ? null : await hashPassword(password);
      const res = db.prepare("INSERT INTO users (username, password_hash, role, source, created_ms) VALUES (?, ?, ?, ?, ?)").run(username, hash, role, source, now());
      const created = store.getUser(Number(res.lastInsertRowid));
      if (!created) throw new Error("the user was not created");
      return created;
    },

    async updateUser(id: number, change: { role?: Role; disabled?: boolean; password?: string }): Promise<User | null> {
      const hash = change.password === undefined ? undefined : await hashPassword(change.password);
      db.transaction(() => {
        if (change.role !== undefined) db.prepare("UPDATE users SET role = ? WHERE id = ?").run(change.role, id);
        if (change.disabled !== undefined) {
          db.prepare("UPDATE users SET disabled = ? WHERE id = ?").run(change.disabled ? 1 : 0, id);
          // A disabled account is signed out everywhere at once.
          if (change.disabled) db.prepare("DELETE FROM sessions WHERE user_id = ?").run(id);
        }
        if (hash !== undefined) db.prepare("UPDATE users SET password_hash = ? WHERE id = ?").run(hash, id);
      })();
      return store.getUser(id);
    },

    /** The first admin, from the environment, when no account exists yet. */
    async ensureFirstAdmin(): Promise<void> {
      if (settings.admin.password === null || store.countUsers() > 0) return;
      await store.createUser(settings.admin.user, settings.admin.password, "admin");
    },

    /** Checks a password sign-in: rate limited per account and per address. */
    async signIn(username: string, password: string, address: string): Promise<SignIn> {
      const wait = locked(username, address);
      if (wait !== null && wait > 0) return { ok: false, reason: "locked", retryAfterMs: wait };
      const row = byName.get(username);
      // A missing account costs the same hash as a wrong password: no user enumeration by time.
      const good = row?.password_hash ? await verifyPassword(password, row.password_hash) : (await hashPassword(password), false);
      if (!row || !good) {
        db.prepare("INSERT INTO login_failures (username, address, at_ms) VALUES (?, ?, ?)").run(username, address, now());
        return { ok: false, reason: "invalid" };
      }
      if (row.disabled === 1) return { ok: false, reason: "disabled" };
      db.prepare("DELETE FROM login_failures WHERE username = ?").run(username);
      return { ok: true, user: user(row), token: newSession(row.id, address) };
    },

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
