import "server-only";
import type { AuditFilter } from "./audit-filter";
import { matchIdsNewestFirst, selectAudit } from "./audit-select";
import { AUDIT_COLUMNS, type AuditRow } from "./query-audit";
import type { ReadContext } from "./read-context";

/** Rows per read: big enough that a statement's cost is spread, small enough to stream. */
export const EXPORT_CHUNK = 2000;

/**
 * An export in progress: the matches of the moment it began (their ids, 4 bytes each,
 * taken in one snapshot, in the list's order), read back a chunk at a time. Events that
 * arrive later are not in it; an event gone in between (the index was reset) is skipped.
 */
export interface AuditExport {
  /** How many events matched when the export began. */
  readonly rows: number;
  /** The next rows in the list's order (newest first); empty once all were read. */
  next(): AuditRow[];
}

export function exportAudit(ctx: ReadContext, f: AuditFilter, chunk = EXPORT_CHUNK): AuditExport {
  const ids = ctx.snapshot(() => matchIdsNewestFirst(selectAudit(ctx, f)));
  let at = 0;
  return {
    rows: ids.length,
    next() {
      while (at < ids.length) {
        const part = ids.subarray(at, Math.min(at + chunk, ids.length));
        at += part.length;
        const rows = rowsInOrder(ctx, part);
        if (rows.length > 0) return rows;
      }
      return [];
    },
  };
}

function rowsInOrder(ctx: ReadContext, ids: Int32Array): AuditRow[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const id of ids) {
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  // Ids of a chunk are mostly one dense run (ids follow arrival): a range read by primary
  // key then beats a lookup per id. Scattered ids are looked up one by one.
  const found =
    hi - lo < ids.length * 2
      ? ctx
          .stmt<AuditRow>(
            `SELECT ${AUDIT_COLUMNS} FROM audit_events a LEFT JOIN intents i ON i.id = a.intent_id
            WHERE a.id BETWEEN ? AND ?`,
          )
          .all(lo, hi)
      : ctx
          .stmt<AuditRow>(
            `SELECT ${AUDIT_COLUMNS} FROM audit_events a LEFT JOIN intents i ON i.id = a.intent_id
            WHERE a.id IN (SELECT value FROM json_each(?))`,
          )
          .all(JSON.stringify(Array.from(ids)));
  const byId = new Map(found.map((r) => [r.id, r]));
  const out: AuditRow[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (row) out.push(row);
  }
  return out;
}
