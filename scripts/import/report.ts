import { closeSync, openSync, writeSync } from "node:fs";
import type { BadLine, ImportReport } from "../../lib/ingest/import-audit-files";

/** Bad lines printed in the report; past that, every one goes to a report file. */
export const LISTED_BAD_LINES = 20;

export function formatBadLine(b: BadLine): string {
  return `${b.file}:${b.line}: ${b.reason}`;
}

/**
 * Where every bad line goes: `file` when given; else a file in the current directory,
 * opened only once more lines are bad than the report lists.
 */
export function createBadLineLog(file: string | undefined) {
  const first: BadLine[] = [];
  let fd: number | null = null;
  let target: string | null = null;
  const write = (b: BadLine) => {
    if (fd !== null) writeSync(fd, `${formatBadLine(b)}\n`);
  };
  const open = (name: string) => {
    target = name;
    fd = openSync(name, "w");
    for (const b of first.splice(0)) write(b);
  };
  if (file !== undefined) open(file);
  return {
    add(b: BadLine): void {
      if (fd === null && first.length < LISTED_BAD_LINES) {
        first.push(b);
        return;
      }
      if (fd === null) open(`import-audit-bad-lines-${new Date().toISOString().replace(/[:.]/g, "-")}.txt`);
      write(b);
    },
    /** The report file's name, when one was written. */
    close(): string | null {
      if (fd !== null) closeSync(fd);
      fd = null;
      return target;
    },
  };
}

export function formatImportReport(
  r: ImportReport,
  ctx: { index: string; executorId: string; reportFile: string | null; skipped: number },
): string {
  const fmt = new Intl.NumberFormat("en");
  const lines = [
    `import-audit: done (index ${ctx.index}, executor "${ctx.executorId}")`,
    `  files           ${fmt.format(r.files)}${ctx.skipped > 0 ? ` (${fmt.format(ctx.skipped)} other files skipped)` : ""}`,
    `  lines           ${fmt.format(r.lines)}`,
    `  imported        ${fmt.format(r.imported)}`,
    `  already present ${fmt.format(r.present)}`,
    `  bad             ${fmt.format(r.bad)}${r.brokenFiles > 0 ? ` (${fmt.format(r.brokenFiles)} files could not be read to the end)` : ""}`,
  ];
  for (const b of r.badLines) lines.push(`    ${formatBadLine(b)}`);
  if (r.bad > r.badLines.length) lines.push(`    ... and ${fmt.format(r.bad - r.badLines.length)} more`);
  if (ctx.reportFile) lines.push(`  every bad line: ${ctx.reportFile}`);
  return lines.join("\n");
}
