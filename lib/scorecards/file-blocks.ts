/** One `FILE: <path>` … `END-FILE` block of a whole_files emission. */
export interface FileBlock {
  path: string;
  body: string;
  /** The block had no END-FILE before the content ended. */
  unterminated: boolean;
}

export interface ParsedWholeFiles {
  files: FileBlock[];
  /** Text outside every block (the model's narration), kept so that nothing is hidden. */
  outside: string;
}

const START = /^FILE:\s*(.+?)\s*$/;
const END = /^END-FILE\s*$/;

/** Splits a whole_files reply into its file blocks, line by line, losing nothing. */
export function parseWholeFiles(content: string): ParsedWholeFiles {
  const files: FileBlock[] = [];
  const outside: string[] = [];
  let current: { path: string; lines: string[] } | null = null;
  for (const line of content.split("\n")) {
    if (current) {
      if (END.test(line)) {
        files.push({ path: current.path, body: current.lines.join("\n"), unterminated: false });
        current = null;
      } else current.lines.push(line);
      continue;
    }
    const m = START.exec(line);
    if (m?.[1]) current = { path: m[1], lines: [] };
    else outside.push(line);
  }
  if (current) files.push({ path: current.path, body: current.lines.join("\n"), unterminated: true });
  return { files, outside: outside.join("\n").trim() };
}
