import type { AuthDb } from "./auth-db";

export interface AccessLogFilter {
  username?: string;
  action?: string;
  /** Text anywhere in the target or the detail (case-insensitive). */
  text?: string;
  fromMs?: number;
  toMs?: number;
  /** The previous page's last id (newest first). */
  before?: number;
}

export interface AccessLogEntry {
  id: number;
  atMs: number;
  username: string | null;
  address: string;
  action: string;
  target: string | null;
  detail: string | null;
}

interface Row {
  id: number;
  at_ms: number;
  username: string | null;
  address: string;
  action: string;
  target: string | null;
  detail: string | null;
}

function where(f: AccessLogFilter): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const add = (sql: string, ...values: (string | number)[]) => {
    parts.push(sql);
    params.push(...values);
  };
  if (f.username) add("username = ? COLLATE NOCASE", f.username);
  if (f.action) add("action = ?", f.action);
  if (f.text) add("(instr(lower(coalesce(target, '')), lower(?)) > 0 OR instr(lower(coalesce(detail, '')), lower(?)) > 0)", f.text, f.text);
  if (f.fromMs !== undefined) add("at_ms >= ?", f.fromMs);
  if (f.toMs !== undefined) add("at_ms < ?", f.toMs);
  if (f.before !== undefined) add("id < ?", f.before);
  return { sql: parts.length > 0 ? `WHERE ${parts.join(" AND ")}` : "", params };
}

const entry = (r: Row): AccessLogEntry => ({ id: r.id, atMs: r.at_ms, username: r.username, address: r.address, action: r.action, target: r.target, detail: r.detail });

/*
 * Queries run over this replica's cache of the one access-log stream (shared_log_cache,
 * lib/auth/access-log-stream.ts): `id` is the line's stream sequence, so newest first is
 * the stream's order, whichever replica wrote the line.
 */

/** A page of the access log, newest first, and how many lines match in all. */
export function searchAccessLog(db: AuthDb, f: AccessLogFilter, limit: number): { items: AccessLogEntry[]; total: number; nextBefore: number | null } {
  const w = where(f);
  const rows = db.prepare<Row>(`SELECT * FROM shared_log_cache ${w.sql} ORDER BY id DESC LIMIT ?`).all(...w.params, limit + 1);
  const page = rows.slice(0, limit);
  const count = where({ ...f, before: undefined });
  const total = db.prepare<{ n: number }>(`SELECT count(*) AS n FROM shared_log_cache ${count.sql}`).get(...count.params)?.n ?? 0;
  return { items: page.map(entry), total, nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/** Every matching line, newest first, one at a time (an export of any size in constant memory). */
export function* iterateAccessLog(db: AuthDb, f: AccessLogFilter): Generator<AccessLogEntry> {
  const w = where(f);
  for (const r of db.prepare<Row>(`SELECT * FROM shared_log_cache ${w.sql} ORDER BY id DESC`).iterate(...w.params)) yield entry(r);
}

export function accessLogActions(db: AuthDb): string[] {
  return db.prepare<{ action: string }>("SELECT DISTINCT action FROM shared_log_cache ORDER BY action").all().map((r) => r.action);
}
