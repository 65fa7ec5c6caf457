import path from "node:path";
import type { FileAuditRecord, Store } from "@/lib/store";
import { MAX_LINE_BYTES, readFileLines } from "./audit-file-lines";
import type { AuditFile } from "./audit-file-list";
import { parseAuditLine } from "./audit-file-record";

export interface BadLine {
  file: string;
  line: number;
  reason: string;
}

export interface ImportReport {
  files: number;
  /** Non-blank lines read. */
  lines: number;
  imported: number;
  /** Valid lines whose event the index already held. */
  present: number;
  bad: number;
  /** The first `listLimit` bad lines; every one goes to `onBad`. */
  badLines: BadLine[];
  /** Files that could not be read to the end (a corrupt zstd stream, a read error). */
  brokenFiles: number;
}

export interface ImportOptions {
  store: Pick<Store, "importAuditRecords">;
  files: readonly AuditFile[];
  /** The file names no executor: every imported event is attributed to this one. */
  executorId: string;
  /** Records per transaction. */
  batchSize?: number;
  listLimit?: number;
  onBytes?: (n: number) => void;
  onBad?: (bad: BadLine) => void;
}

export const DEFAULT_EXECUTOR_ID = "file-import";

/** The index refused a write: that stops the import, unlike a bad file. */
class IndexWriteError extends Error {
  constructor(readonly cause: unknown) {
    super(message(cause));
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads executor audit files line by line into the index, in batches of one transaction
 * each. A bad line (bad UTF-8, not JSON, not a record) is reported and skipped; a file
 * that cannot be read to its end is reported at the line where it broke, and the import
 * goes on with the next file. Only the index failing stops it (the error is thrown).
 */
export async function importAuditFiles(o: ImportOptions): Promise<ImportReport> {
  const batchSize = o.batchSize ?? 2000;
  const listLimit = o.listLimit ?? 50;
  const report: ImportReport = {
    files: 0,
    lines: 0,
    imported: 0,
    present: 0,
    bad: 0,
    badLines: [],
    brokenFiles: 0,
  };
  const bad = (b: BadLine) => {
    report.bad++;
    if (report.badLines.length < listLimit) report.badLines.push(b);
    o.onBad?.(b);
  };
  let batch: FileAuditRecord[] = [];
  const flush = () => {
    let res;
    try {
      res = o.store.importAuditRecords(batch, o.executorId);
    } catch (error) {
      throw new IndexWriteError(error);
    }
    report.imported += res.imported;
    report.present += res.present;
    batch = [];
  };

  for (const f of o.files) {
    report.files++;
    const name = path.basename(f.path);
    let last = 0;
    try {
      for await (const l of readFileLines(f.path, { onBytes: o.onBytes })) {
        report.lines++;
        last = l.line;
        if (l.kind === "too-long") {
          bad({ file: f.path, line: l.line, reason: `line of ${l.size} bytes, over the ${MAX_LINE_BYTES}-byte limit` });
          continue;
        }
        const parsed = parseAuditLine(l.bytes);
        if (!parsed.ok) {
          bad({ file: f.path, line: l.line, reason: parsed.reason });
          continue;
        }
        batch.push({ record: parsed.record, text: parsed.text, file: name, line: l.line });
        if (batch.length >= batchSize) flush();
      }
    } catch (error) {
      if (error instanceof IndexWriteError) throw error.cause;
      report.brokenFiles++;
      bad({ file: f.path, line: last + 1, reason: `file unreadable from here: ${message(error)}` });
    }
  }
  if (batch.length > 0) flush();
  return report;
}
