import "server-only";
import type { AuditFilter } from "./filter";
import { planExport } from "./export-plan";
import type { ReadContext } from "../core/read-context";
import { readCombos } from "./facets";
import { payloadColumns } from "./payload-columns";
import { readPayloads } from "./payload-store";

/**
 * One event as the export reads it: the columns of COLUMNS below, in that order, as an
 * array (better-sqlite3 builds arrays about twice as fast as objects, and an export is
 * all rows).
 */
export type ExportRow = [
  id: number,
  intentId: string,
  capability: string | null,
  domain: string | null,
  signer: string | null,
  signatureState: string | null,
  channel: string,
  securityType: string | null,
  executorId: string,
  resultStatus: string,
  statusNorm: string,
  decision: string,
  timestampNs: string,
  tsMs: number,
  sandboxMode: string,
  cgroupPath: string | null,
  landlock: number,
  seccomp: number,
  resourceUsage: string | null,
  securityContext: string,
  decisions: string,
  stream: string,
  seq: number,
];

/** Positions in ExportRow. */
export const EXPORT_COLUMN = {
  id: 0,
  intentId: 1,
  capability: 2,
  domain: 3,
  signer: 4,
  signatureState: 5,
  channel: 6,
  securityType: 7,
  executorId: 8,
  resultStatus: 9,
  statusNorm: 10,
  decision: 11,
  timestampNs: 12,
  tsMs: 13,
  sandboxMode: 14,
  cgroupPath: 15,
  landlock: 16,
  seccomp: 17,
  resourceUsage: 18,
  securityContext: 19,
  decisions: 20,
  stream: 21,
  seq: 22,
} as const;

/** What the export reads of a row; its facts come from the combo, the rest from its payload. */
type StoredRow = [
  id: number,
  intentId: string,
  capability: string | null,
  domain: string | null,
  signer: string | null,
  signatureState: string | null,
  securityType: string | null,
  timestampNs: string,
  tsMs: number,
  combo: number,
  stream: string,
  seq: number,
];

/** The SELECT list of StoredRow (its own, so that a change to another list moves no position). */
const COLUMNS = `a.id, a.intent_id, i.capability, i.domain, i.signer, i.signature_state,
  a.security_type, a.timestamp_ns, a.ts_ms, a.combo, a.stream, a.seq`;

/** Rows per read: big enough that a statement's cost is spread, small enough to stream. */
export const EXPORT_CHUNK = 2000;

/**
 * An export in progress: the matches of the moment it began (export-plan.ts), read a
 * chunk at a time in the list's order. Events that arrive later are not in it; an event
 * gone in between (the index was reset) is skipped.
 */
export interface AuditExport {
  /** How many events matched when the export began; null when not counted (full text past its budget). */
  readonly rows: number | null;
  /** The next rows in the list's order (newest first); empty once all were read. */
  next(): ExportRow[];
}

/**
 * The first read of an export: each row's shown columns are decoded from its payload
 * (payload-columns.ts, ~10 µs a row), so a first chunk of EXPORT_CHUNK rows would hold the
 * download's first byte back by tens of ms; the rest goes at full chunks.
 */
const FIRST_CHUNK = 200;

export function exportAudit(
  ctx: ReadContext,
  f: AuditFilter,
  chunk = EXPORT_CHUNK,
  textBudget?: number,
): AuditExport {
  const plan = ctx.snapshot(() => planExport(ctx, f, textBudget));
  let first = true;
  return {
    rows: plan.rows,
    next() {
      for (;;) {
        const size = first ? Math.min(chunk, FIRST_CHUNK) : chunk;
        first = false;
        const part: number[] = [];
        while (part.length < size) {
          const n = plan.ids.next();
          if (n.done) break;
          part.push(n.value);
        }
        if (part.length === 0) return [];
        const rows = rowsInOrder(ctx, part);
        if (rows.length > 0) return rows;
      }
    },
  };
}

function rowsInOrder(ctx: ReadContext, ids: readonly number[]): ExportRow[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const id of ids) {
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  // The statements' text is the export's own (COLUMNS), so switching the cached statements
  // to arrays changes no other reader.
  // Ids of a chunk are mostly one dense run (ids follow arrival): a range read by primary
  // key then beats a lookup per id. Scattered ids are looked up one by one.
  const found =
    hi - lo < ids.length * 2
      ? ctx
          .stmt<StoredRow>(
            `SELECT ${COLUMNS}
            FROM audit_events a LEFT JOIN intents i ON i.id = a.intent_id WHERE a.id BETWEEN ? AND ?`,
          )
          .raw()
          .all(lo, hi)
      : ctx
          .stmt<StoredRow>(
            `SELECT ${COLUMNS}
            FROM audit_events a LEFT JOIN intents i ON i.id = a.intent_id
            WHERE a.id IN (SELECT value FROM json_each(?))`,
          )
          .raw()
          .all(JSON.stringify(ids));
  const byId = new Map(found.map((r) => [r[0], r]));
  const combos = readCombos(ctx);
  const stored = readPayloads(ctx, byId.keys());
  const out: ExportRow[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) continue;
    const [, intentId, capability, domain, signer, signatureState, securityType, timestampNs, tsMs, combo, stream, seq] = r;
    const c = combos.get(combo);
    const channel = c?.channel ?? "security";
    const p = payloadColumns(stored.get(id), channel);
    out.push([
      id, intentId, capability, domain, signer, signatureState, channel, securityType,
      c?.executor ?? "", p.result_status, c?.status ?? "unknown", c?.decision ?? "none", timestampNs, tsMs,
      c?.sandbox ?? "none", p.cgroup_path, p.landlock, p.seccomp, p.resource_usage, p.security_context,
      p.decisions, stream, seq,
    ]);
  }
  return out;
}
