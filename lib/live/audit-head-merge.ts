import type { AuditEventItem, AuditList } from "@/lib/contract/audit";

/** The list's order: newest first by (tsMs, id). */
function newer(a: AuditEventItem, b: AuditEventItem): boolean {
  return a.tsMs > b.tsMs || (a.tsMs === b.tsMs && a.id > b.id);
}

export type HeadMerge =
  | { kind: "merged"; first: AuditList; added: number }
  /** The fresh head does not reach down to the loaded rows: there may be a gap. */
  | { kind: "gap" };

/**
 * Merges a fresh first page (same filter, newest first) into the loaded first page.
 * Events above the loaded top are added; events that came late (an older timestamp
 * than the top) are put in their place, as long as they fall within the loaded first
 * page. Counts, facets and seqs are the fresh answer's; the cursor stays the loaded
 * page's, so the pages after it neither repeat nor skip a row.
 */
export function mergeAuditHead(loaded: AuditList, fresh: AuditList): HeadMerge {
  const top = loaded.items[0];
  const bottom = loaded.items.at(-1);
  const freshLast = fresh.items.at(-1);
  if (!top || !bottom) {
    return loaded.nextCursor === null ? { kind: "merged", first: fresh, added: fresh.items.length } : { kind: "gap" };
  }
  // Every fresh row is newer than the loaded top and there are more: rows may be missing between.
  if (fresh.nextCursor !== null && freshLast && newer(freshLast, top)) return { kind: "gap" };
  const known = new Set(loaded.items.map((e) => e.id));
  const lastPage = loaded.nextCursor === null;
  const incoming = fresh.items.filter((e) => !known.has(e.id) && (lastPage || newer(e, bottom)));
  if (incoming.length === 0) return { kind: "merged", first: { ...loaded, total: fresh.total, facets: fresh.facets, seq: fresh.seq }, added: 0 };
  const added = incoming.filter((e) => newer(e, top)).length;
  const items = [...incoming, ...loaded.items].sort((a, b) => (newer(a, b) ? -1 : newer(b, a) ? 1 : 0));
  return { kind: "merged", first: { ...loaded, items, total: fresh.total, facets: fresh.facets, seq: fresh.seq }, added };
}
