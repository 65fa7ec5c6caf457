import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { AUTH_MIGRATIONS } from "./auth-schema";

export type AuthDb = Database.Database;

/** Opens (and migrates) the accounts database; WAL, so several processes may share it. */
export function openAuthDb(file: string): AuthDb {
  mkdirSync(path.dirname(/*turbopackIgnore: true*/ file), { recursive: true });
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
