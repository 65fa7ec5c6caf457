import "server-only";
import type { QuarantineItem, QuarantineList } from "@/lib/contract/quarantine";
import { encodeCursor } from "@/lib/contract/page-cursor";
import type { ReadContext } from "../core/read-context";
import { Where } from "../core/row-values";

export interface QuarantineFilter {
  stream?: string;
  /** The message kind the subject promised; `none` for subjects that map to no kind. */
  kind?: string;
  /** Words of the reason, matched case-insensitively as a substring. */
  reason?: string;
  after?: readonly [number];
  limit: number;
}
export type QuarantinePage = QuarantineList;

interface QuarantineRow {
  id: number;
  stream: string;
  seq: number;
  subject: string;
  kind: string | null;
  reason: string;
  headers: string | null;
  raw: Buffer;
  size: number;
  published_ns: string | null;
  received_ms: number;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lossyUtf8 = new TextDecoder("utf-8", { ignoreBOM: true });

function headersOf(text: string | null): Record<string, string[]> | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(value)) {
    if (Array.isArray(v)) out[k] = v.filter((s): s is string => typeof s === "string");
  }
  return out;
}

function item(r: QuarantineRow): QuarantineItem {
  let raw: string;
  let rawBase64: string | null = null;
  try {
    raw = strictUtf8.decode(r.raw);
  } catch {
    raw = lossyUtf8.decode(r.raw);
    rawBase64 = r.raw.toString("base64");
  }
  return {
    id: r.id,
    stream: r.stream,
    seq: r.seq,
    subject: r.subject,
    kind: r.kind,
    reason: r.reason,
    headers: headersOf(r.headers),
    raw,
    rawBase64,
    size: r.size,
    truncated: r.size > r.raw.byteLength,
    publishedAtNs: r.published_ns,
    receivedMs: r.received_ms,
  };
}

/** Newest first (order of quarantine), optionally one stream's or one kind's. */
export function listQuarantine(ctx: ReadContext, f: QuarantineFilter): QuarantinePage {
  const where = new Where().opt("q.stream = ?", f.stream);
  if (f.kind === "none") where.add("q.kind IS NULL");
  else where.opt("q.kind = ?", f.kind);
  if (f.reason) where.add("instr(lower(q.reason), ?) > 0", f.reason.toLowerCase());
  if (f.after) where.add("q.id < ?", f.after[0]);
  const sql = `SELECT q.id, q.stream, q.seq, q.subject, q.kind, q.reason, q.headers, q.raw, q.size,
    q.published_ns, q.received_ms FROM quarantine q ${where.sql} ORDER BY q.id DESC LIMIT ?`;
  return ctx.snapshot(() => {
    const rows = ctx.stmt<QuarantineRow>(sql).all(...where.params, f.limit + 1);
    const page = rows.slice(0, f.limit);
    const last = page.at(-1);
    return {
      items: page.map(item),
      nextCursor: rows.length > f.limit && last ? encodeCursor([last.id]) : null,
      seq: ctx.seqs(),
    };
  });
}
