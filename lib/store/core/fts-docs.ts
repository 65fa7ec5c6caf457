import "server-only";

/*
 * Full-text documents are versioned instead of rewritten. An audit event's document
 * holds its intent's params and its result's error message, which may arrive after the
 * event; an intent's holds its result's error. Deleting from an FTS5 table flushes its
 * pending terms into a new segment on every delete, which made ingest several times
 * slower, so a changed document is inserted again under the next version. An older
 * version never causes a false match: a newer one only fills columns that were empty,
 * so it contains every phrase the older one did, and the queries Pilot builds (quoted
 * phrases joined by AND, optional prefix) match a superset of documents when text is
 * added. Versions of one row are adjacent rowids, so a scan in rowid order sees them
 * one after the other (how the facet counts skip all but one).
 *
 * Audit documents also carry the event's combo (see schema-audit.ts) in their rowid,
 * so the facets of a full-text search are counted from the FTS index alone:
 *
 *   audit document rowid  = ((event id × 2^16) + combo) × 8 + version
 *   intent document rowid = intents.rowid × 8 + version
 *
 * which keeps rowids exact as JS numbers up to 2^34 (17 billion) audit events.
 */
export const DOC_VERSIONS = 8;
export const AUDIT_COMBO_LIMIT = 1 << 16;
/** How far an audit document's rowid is shifted right to give its event id. */
export const AUDIT_DOC_SHIFT = 19;

export function intentDocRowid(rowId: number | bigint, version: number): bigint {
  return BigInt(rowId) * BigInt(DOC_VERSIONS) + BigInt(version);
}

export function auditDocRowid(id: number | bigint, combo: number, version: number): bigint {
  if (combo >= AUDIT_COMBO_LIMIT) {
    throw new Error(`more than ${AUDIT_COMBO_LIMIT} distinct audit fact combinations`);
  }
  return (
    (BigInt(id) * BigInt(AUDIT_COMBO_LIMIT) + BigInt(combo)) * BigInt(DOC_VERSIONS) +
    BigInt(version)
  );
}

/** SQL: intents (by rowid) whose current or any earlier document matches. */
export const INTENT_MATCH = `i.rowid IN (SELECT rowid / ${DOC_VERSIONS} FROM intent_fts WHERE intent_fts MATCH ?)`;

/** SQL: audit events whose current or any earlier document matches. */
export const AUDIT_MATCH = `a.id IN (SELECT rowid >> ${AUDIT_DOC_SHIFT} FROM audit_fts WHERE audit_fts MATCH ?)`;

