import { readdir, stat } from "node:fs/promises";
import path from "node:path";

/** What an executor's audit directory holds: daily JSONL files, plain or zstd. */
export const AUDIT_FILE_SUFFIXES = [".jsonl", ".log", ".jsonl.zst", ".log.zst"] as const;

export function isAuditFileName(name: string): boolean {
  return AUDIT_FILE_SUFFIXES.some((s) => name.endsWith(s));
}

export interface AuditFile {
  path: string;
  size: number;
}

export interface AuditFileList {
  files: AuditFile[];
  /** Entries of a directory that are not audit files (or are directories), with why. */
  skipped: { path: string; reason: string }[];
  /** Paths that do not exist or cannot be read: the import refuses to start. */
  refused: { path: string; reason: string }[];
}

function why(error: unknown): string {
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  if (code === "ENOENT") return "does not exist";
  if (code === "EACCES") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

/**
 * The files to import, in name order within a directory (daily files then come oldest
 * first). A file named on the command line is read whatever its name; a directory gives
 * its audit files, not its subdirectories.
 */
export async function listAuditFiles(paths: readonly string[]): Promise<AuditFileList> {
  const out: AuditFileList = { files: [], skipped: [], refused: [] };
  const seen = new Set<string>();
  const add = (file: string, size: number) => {
    const key = path.resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    out.files.push({ path: file, size });
  };
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch (error) {
      out.refused.push({ path: p, reason: why(error) });
      continue;
    }
    if (info.isFile()) {
      add(p, info.size);
      continue;
    }
    if (!info.isDirectory()) {
      out.refused.push({ path: p, reason: "neither a file nor a directory" });
      continue;
    }
    let names: string[];
    try {
      names = (await readdir(p)).sort();
    } catch (error) {
      out.refused.push({ path: p, reason: why(error) });
      continue;
    }
    for (const name of names) {
      const file = path.join(p, name);
      const entry = await stat(file).catch(() => null);
      if (!entry) out.skipped.push({ path: file, reason: "cannot be read" });
      else if (entry.isDirectory()) out.skipped.push({ path: file, reason: "a directory (not entered)" });
      else if (!entry.isFile() || !isAuditFileName(name))
        out.skipped.push({ path: file, reason: `not an audit file (${AUDIT_FILE_SUFFIXES.join(", ")})` });
      else add(file, entry.size);
    }
  }
  return out;
}
