import "server-only";
import type { StreamSeqs } from "@/lib/contract/list";
import { StatementCache, type Db, type Statement } from "./db";

export interface ReadContext {
  /** A cached prepared statement for the SQL text. */
  stmt<R>(sql: string): Statement<R>;
  /** How many prepared statements the cache holds (bounded: see StatementCache). */
  statementCount(): number;
  /**
   * Runs reads in one transaction, hence one WAL snapshot: an answer and the seqs it
   * reports are consistent even while another connection ingests.
   */
  snapshot<T>(fn: () => T): T;
  /** Stream → last applied seq; inside `snapshot`, consistent with the other reads. */
  seqs(): StreamSeqs;
}

export function createReadContext(db: Db): ReadContext {
  const cache = new StatementCache(db);
  const begin = db.prepare("BEGIN");
  const commit = db.prepare("COMMIT");
  const rollback = db.prepare("ROLLBACK");
  const cursors = db.prepare<{ stream: string; last_seq: number }>(
    "SELECT stream, last_seq FROM stream_cursors ORDER BY stream",
  );
  return {
    stmt: (sql) => cache.get(sql),
    statementCount: () => cache.size,
    snapshot<T>(fn: () => T): T {
      if (db.inTransaction) return fn();
      begin.run();
      try {
        const out = fn();
        commit.run();
        return out;
      } catch (error) {
        if (db.inTransaction) rollback.run();
        throw error;
      }
    },
    seqs() {
      const out: StreamSeqs = {};
      for (const row of cursors.all()) out[row.stream] = row.last_seq;
      return out;
    },
  };
}
