import "server-only";
import { z } from "zod";
import { auditFilterShape, toAuditFilter, type AuditFilterParams } from "./audit-params";
import { csvChunk, jsonlChunk } from "./audit-export-format";
import { enumParam, ordered } from "./params";
import { underBudget, type Searcher } from "./search-budget";
import { guarded, parseParams, storeOf, type StoreSource } from "./respond";

export const exportParams = z
  .object({ ...auditFilterShape, format: enumParam(["csv", "jsonl"]).default("csv") })
  .superRefine(ordered);

/**
 * The header that tells the client how many events the body holds, before it arrives;
 * absent when they were not counted (full text with more matches than a search reads at
 * once: the body still holds every one).
 */
export const EXPORT_ROWS_HEADER = "x-pilot-export-rows";

const NAME_PARAMS = [
  "decision",
  "status",
  "rule",
  "executor",
  "capability",
  "domain",
  "signer",
  "sandbox",
  "channel",
  "intent",
  "q",
] as const;

/** 2026-11-28T10:15:00.000Z → 20261128T101500Z */
function compactUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

/**
 * `pilot-audit-<what>-<when>.<ext>`: the filter's values (or "all") and the export's
 * time, in characters every file system and the Content-Disposition header accept.
 */
export function exportFileName(
  raw: URLSearchParams,
  p: AuditFilterParams,
  ext: string,
  now: number,
): string {
  const parts: string[] = [];
  for (const name of NAME_PARAMS) {
    const v = raw.get(name);
    if (v) parts.push(`${name}-${v}`);
  }
  if (p.from !== undefined) parts.push(`from-${compactUtc(p.from)}`);
  if (p.to !== undefined) parts.push(`to-${compactUtc(p.to)}`);
  const what =
    parts
      .join("-")
      .replace(/[^A-Za-z0-9._-]+/g, "_")
      .replace(/^[._-]+/, "")
      .slice(0, 100)
      .replace(/[._-]+$/, "") || "all";
  return `pilot-audit-${what}-${compactUtc(now)}.${ext}`;
}

/**
 * `GET /api/audit/export?<filter>&format=csv|jsonl`: every match of the filter (not a
 * page), newest first, streamed a chunk of rows per pull, so memory stays flat whatever
 * the size and the first byte comes as soon as the first rows are found; the match count,
 * when known without reading every match, is in a header before the body.
 */
export function handleAuditExport(store: StoreSource, url: URL, now = Date.now(), searcher?: Searcher): Response {
  const p = parseParams(exportParams, url);
  if (!p.ok) return p.response;
  const { format } = p.value;
  const filter = toAuditFilter(p.value, 0);
  // Charged here: the full-text read up to its budget, when the export starts; the rest is
  // read a chunk per pull, between other work.
  return underBudget(searcher, filter.match !== undefined, () => guarded(() => {
    const exp = storeOf(store).exportAudit(filter);
    const encoder = new TextEncoder();
    let first = true;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        try {
          const rows = exp.next();
          const header = first && format === "csv";
          first = false;
          if (rows.length === 0) {
            if (header) controller.enqueue(encoder.encode(csvChunk([], true)));
            controller.close();
            return;
          }
          controller.enqueue(
            encoder.encode(format === "csv" ? csvChunk(rows, header) : jsonlChunk(rows)),
          );
        } catch (error) {
          // Headers are sent: the client sees a cut-off download, the log says why.
          console.error("[api] audit export failed:", error);
          controller.error(error);
        }
      },
    });
    const name = exportFileName(url.searchParams, p.value, format, now);
    return new Response(body, {
      headers: {
        "content-type":
          format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
        ...(exp.rows === null ? {} : { [EXPORT_ROWS_HEADER]: String(exp.rows) }),
        "x-pilot-export-filename": name,
      },
    });
  }));
}
