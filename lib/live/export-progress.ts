/**
 * Counts the records of a CSV or JSONL body as its chunks arrive, for a progress bar.
 * JSONL: one record a line. CSV: a newline outside quotes ends a record (a quoted value
 * may hold newlines; a quote inside one is doubled, so toggling on each quote is right),
 * and the first record is the header.
 */
export class RecordCounter {
  private inQuotes = false;
  private lines = 0;

  constructor(private readonly format: "csv" | "jsonl") {}

  push(chunk: Uint8Array): void {
    const csv = this.format === "csv";
    for (const b of chunk) {
      if (csv && b === 0x22) this.inQuotes = !this.inQuotes;
      else if (b === 0x0a && !this.inQuotes) this.lines++;
    }
  }

  /** Records (events) read so far. */
  records(): number {
    return this.format === "csv" ? Math.max(0, this.lines - 1) : this.lines;
  }
}

/** The file name a Content-Disposition header gives (RFC 6266: filename* first, then filename). */
export function dispositionFilename(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // Fall through to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
  const name = plain?.[1]?.replace(/\\(.)/g, "$1") ?? plain?.[2];
  return name && !/[/\\]/.test(name) ? name : null;
}
