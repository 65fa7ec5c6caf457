import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./migrations";

export type Db = Database.Database;
export type Statement<R = unknown> = Database.Statement<R>;
export type BindArg = Database.BindArg;

/**
 * Opens (creating when needed) the index file. WAL lets the API read while ingest
 * writes, from this process or another one.
 *
 * `synchronous=NORMAL` under WAL: a commit is written to the WAL but not fsynced (only
 * checkpoints are). A crash of the process loses nothing committed; an OS crash or a
 * power loss can lose the last commits, never corrupt the file. Ingest acks a batch
 * after its commit, so such a loss leaves JetStream's ack floor ahead of the index's
 * cursors; at the next start consumer-setup.ts sees `indexSeq < ack floor` and moves
 * the durable consumer back (recreates it on a Limits stream; on an Interest stream it
 * says the tail is gone), and the idempotent writes take the re-read messages in. That
 * guarantee is why the index can skip the fsync per commit (FULL would cost one per
 * batch) but not go to OFF, which can corrupt the file on power loss.
 */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    // Checkpoints every 64 MiB of WAL instead of 4: a checkpoint copies each page once
    // however many commits rewrote it, and ingest's commits rewrite the same index pages
    // batch after batch; it also runs (and fsyncs) inside the commit that triggers it, on
    // ingest's thread. The file is cut back to that size after a checkpoint.
    db.pragma("wal_autocheckpoint = 16384");
    db.pragma("journal_size_limit = 67108864");
    db.pragma("temp_store = MEMORY");
    // 64 MiB of page cache: the hot indexes of a million-event audit trail fit.
    db.pragma("cache_size = -65536");
    db.pragma("foreign_keys = OFF");
    migrate(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** At most this many prepared statements per connection (see StatementCache). */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * Prepared statements by SQL text, the least recently used dropped past `size`. Queries
 * with optional filters build their SQL from a fixed set of fragments, and values (however
 * many a query repeats) are bound, never written into the text: the texts are finite, so
 * every request after the first skips SQLite's compiler. The bound is there so that a
 * query shape built wrongly one day costs recompiling, not memory without end.
 */
export class StatementCache {
  readonly #db: Db;
  readonly #size: number;
  readonly #cache = new Map<string, Statement>();

  constructor(db: Db, size = STATEMENT_CACHE_SIZE) {
    this.#db = db;
    this.#size = size;
  }

  get size(): number {
    return this.#cache.size;
  }

  get<R>(sql: string): Statement<R> {
    let stmt = this.#cache.get(sql);
    if (stmt) {
      // Map keeps insertion order: moved to the end, it is the newest.
      this.#cache.delete(sql);
    } else {
      stmt = this.#db.prepare(sql);
      if (this.#cache.size >= this.#size) {
        const oldest = this.#cache.keys().next();
        if (!oldest.done) this.#cache.delete(oldest.value);
      }
    }
    this.#cache.set(sql, stmt);
    // The row type is the caller's statement of its own SELECT's columns.
    return stmt as Statement<R>;
  }
}
