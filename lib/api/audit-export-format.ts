import "server-only";
import { DECISIONS, SIGNATURE_VERDICTS } from "@/lib/contract/audit";
import { textCell } from "@/lib/csv/text-cell";
import { parseLossless, stringifyLossless } from "@/lib/protocol/json";
import { EXPORT_COLUMN as C, oneOf, oneOfOr, parseDecisions, type ExportRow } from "@/lib/store";

/*
 * An export's rows as text. The JSON columns (resource usage, security context) go out as
 * the index stores them, losslessly written: integers above 2^53 keep every digit (a
 * reader parses them with a lossless parser, as lib/protocol/json.ts does). Nanosecond
 * times are decimal strings. Both formats carry the list items' fields.
 */

export const CSV_COLUMNS = [
  "id",
  "timeUtc",
  "timestampNs",
  "tsMs",
  "intentId",
  "capability",
  "domain",
  "signer",
  "signatureState",
  "channel",
  "securityType",
  "executorId",
  "resultStatus",
  "status",
  "decision",
  "decisions",
  "sandboxMode",
  "cgroupPath",
  "landlock",
  "seccomp",
  "resourceUsage",
  "securityContext",
  "stream",
  "seq",
] as const;

export type CsvValue = string | number | null;

const CHANNELS = ["policy", "execution", "security"] as const;

/**
 * The same rules give the same reasons, so a decisions column repeats from event to event:
 * its JSON is kept for the last texts seen (parsing and writing it again was about a
 * quarter of an export's time per row).
 */
const decisionsSeen = new Map<string, string>();
const DECISIONS_KEPT = 4096;

function decisionsJson(text: string): string {
  let json = decisionsSeen.get(text);
  if (json === undefined) {
    json = JSON.stringify(
      parseDecisions(text).map((d) => ({ ruleName: d.rule_name, decision: d.decision, reason: d.reason })),
    );
    if (decisionsSeen.size >= DECISIONS_KEPT) decisionsSeen.clear();
    decisionsSeen.set(text, json);
  }
  return json;
}

function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}

/** The CSV_COLUMNS values of one event. */
export function csvRecord(r: ExportRow): CsvValue[] {
  return [
    r[C.id],
    isoTime(r[C.tsMs]),
    r[C.timestampNs],
    r[C.tsMs],
    r[C.intentId],
    r[C.capability],
    r[C.domain],
    r[C.signer],
    oneOf(SIGNATURE_VERDICTS, r[C.signatureState]),
    oneOfOr(CHANNELS, r[C.channel], "security"),
    r[C.securityType],
    r[C.executorId],
    r[C.resultStatus],
    r[C.statusNorm],
    oneOfOr(DECISIONS, r[C.decision], "none"),
    decisionsJson(r[C.decisions]),
    r[C.sandboxMode],
    r[C.cgroupPath],
    r[C.landlock] !== 0 ? "true" : "false",
    r[C.seccomp] !== 0 ? "true" : "false",
    r[C.resourceUsage],
    r[C.securityContext],
    r[C.stream],
    r[C.seq],
  ];
}

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field as RFC 4180 (and csv-stringify with `escape_formulas`) write it: text a
 * spreadsheet would run as a formula made text (lib/csv/text-cell.ts), quoted when it
 * holds a comma, a quote or a line break, quotes doubled; null is empty. Written here
 * rather than through csv-stringify because the export is all rows and csv-stringify
 * costs about five times as much per row (measured by `npm run bench:export`); the test
 * checks the output is byte for byte csv-stringify's.
 */
function csvField(v: CsvValue): string {
  if (v === null) return "";
  const s = typeof v === "string" ? textCell(v) : String(v);
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV records, each ending in "\n", with the header line first when `header`. */
export function csvChunk(rows: readonly ExportRow[], header: boolean): string {
  let out = header ? `${CSV_COLUMNS.join(",")}\n` : "";
  for (const r of rows) out += `${csvRecord(r).map(csvField).join(",")}\n`;
  return out;
}

/** Stored JSON on one line (the writers store it compact; this keeps JSONL safe if not). */
function oneLine(text: string): string {
  return text.includes("\n") || text.includes("\r") ? stringifyLossless(parseLossless(text)) : text;
}

/** One JSON object per line, the fields of `/api/audit` items. */
export function jsonlChunk(rows: readonly ExportRow[]): string {
  let out = "";
  for (const r of rows) {
    const scalars = JSON.stringify({
      id: r[C.id],
      intentId: r[C.intentId],
      capability: r[C.capability],
      domain: r[C.domain],
      signer: r[C.signer],
      signatureState: oneOf(SIGNATURE_VERDICTS, r[C.signatureState]),
      channel: oneOfOr(CHANNELS, r[C.channel], "security"),
      securityType: r[C.securityType],
      executorId: r[C.executorId],
      resultStatus: r[C.resultStatus],
      status: r[C.statusNorm],
      decision: oneOfOr(DECISIONS, r[C.decision], "none"),
      timestampNs: r[C.timestampNs],
      tsMs: r[C.tsMs],
      sandboxMode: r[C.sandboxMode],
      cgroupPath: r[C.cgroupPath],
      landlock: r[C.landlock] !== 0,
      seccomp: r[C.seccomp] !== 0,
      stream: r[C.stream],
      seq: r[C.seq],
    });
    const usage = r[C.resourceUsage];
    // The stored JSON spliced in as it is: re-parsing it would cost more than the rest.
    out += `${scalars.slice(0, -1)},"decisions":${decisionsJson(r[C.decisions])},"resourceUsage":${
      usage === null ? "null" : oneLine(usage)
    },"securityContext":${oneLine(r[C.securityContext])}}\n`;
  }
  return out;
}
