import "server-only";

/*
 * Version 2: cheaper audit writes, facet counts from memory.
 * - An event's policy decisions move into a JSON column of its row: three or so rows of
 *   policy_decisions per event were a third of the audit trail's writes, and they are only
 *   ever read with their event.
 * - The per-hour and per-minute count tables go: combos are fine-grained enough that they
 *   held about one row per event, so summing them cost as much as counting events. Facet
 *   counts now come from audit_by_time, read once into memory (see audit/columns.ts).
 * Existing indexes keep their data: decisions are copied over in position order.
 */
export const SCHEMA_V2 = `
ALTER TABLE audit_events ADD COLUMN decisions TEXT NOT NULL DEFAULT '[]';
UPDATE audit_events SET decisions = (
  SELECT json_group_array(json_object('rule_name', p.rule_name, 'decision', p.decision,
    'reason', p.reason) ORDER BY p.position)
  FROM policy_decisions p WHERE p.audit_id = audit_events.id)
WHERE id IN (SELECT audit_id FROM policy_decisions);
DROP TABLE policy_decisions;
DROP TABLE audit_counts_hour;
DROP TABLE audit_counts_minute;
`;
