import Database from "better-sqlite3";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import path from "node:path";
import { AUTH_MIGRATIONS } from "./auth-schema";

export type AuthDb = Database.Database;

/**
 * Password hashes and session hashes are in this file: only Pilot's own user may read it
 * (600), and its directory is Pilot's alone (700). Both are created so, and tightened at
 * open if they were not (an older Pilot created them with the default umask). A directory
 * Pilot does not own, or a shared one with the sticky bit such as /tmp, is left alone.
 */
function makePrivate(file: string): void {
  const dir = path.dirname(/*turbopackIgnore: true*/ file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const d = statSync(dir);
  if ((d.mode & 0o077) !== 0 && (d.mode & 0o1000) === 0 && d.uid === process.getuid?.()) {
    chmodSync(dir, 0o700);
    console.warn(`[auth] ${dir} was readable by others; it is now 700 (it holds the accounts database)`);
  }
  // Created 600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
  closeSync(openSync(file, "a", 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f) && (statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
}

/** Opens (and migrates) the accounts database; WAL, so several processes may share it. */
export function openAuthDb(file: string): AuthDb {
  makePrivate(file);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  db.exec("CREATE TABLE IF NOT EXISTS auth_migrations (version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)");
  const done = new Set(db.prepare<{ version: number }>("SELECT version FROM auth_migrations").all().map((r) => r.version));
  for (const m of AUTH_MIGRATIONS) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare("INSERT INTO auth_migrations (version, applied_ms) VALUES (?, ?)").run(m.version, Date.now());
    }).immediate();
  }
  return db;
}
