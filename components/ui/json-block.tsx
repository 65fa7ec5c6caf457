"use client";

import { useMemo, useState } from "react";
import { formatBytes } from "./format";
import { saveBlob } from "./save-blob";

/** Payloads above this are not rendered whole: a preview, the size, and a download. */
export const RENDER_LIMIT_BYTES = 64 * 1024;
const PREVIEW_CHARS = 4096;

/**
 * JSON shown as text (never as HTML), collapsible, and capped: a 5 MB output must not
 * freeze the page.
 */
export function JsonBlock({ value, label, filename }: { value: unknown; label: string; filename: string }) {
  const [open, setOpen] = useState(true);
  const text = useMemo(() => (typeof value === "string" ? value : (JSON.stringify(value, null, 2) ?? "null")), [value]);
  const bytes = useMemo(() => new TextEncoder().encode(text).length, [text]);
  const big = bytes > RENDER_LIMIT_BYTES;
  const download = () => saveBlob(new Blob([text], { type: "application/json" }), filename);
  return (
    <div className="rounded-md border border-zinc-200 dark:border-zinc-800">
      <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-1 text-xs dark:border-zinc-800">
        <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)} className="font-medium">
          {open ? "▾" : "▸"} {label}
        </button>
        <span className="rounded bg-zinc-100 px-1.5 py-0.5 tabular-nums dark:bg-zinc-800" aria-label={`${label} size`}>
          {formatBytes(bytes)}
        </span>
        {big ? (
          <>
            <span className="text-amber-700 dark:text-amber-400">too large to show whole: preview of the first {formatBytes(PREVIEW_CHARS)}</span>
            <button type="button" onClick={download} className="ml-auto underline">
              Download {label.toLowerCase()}
            </button>
          </>
        ) : null}
      </div>
      {open ? (
        <pre className="max-h-96 overflow-auto p-3 text-xs leading-5 whitespace-pre-wrap break-all">{big ? `${text.slice(0, PREVIEW_CHARS)}\n…` : text}</pre>
      ) : null}
    </div>
  );
}
