"use client";

import { useEffect, useRef, useState } from "react";
import { dispositionFilename, RecordCounter } from "@/lib/live/export-progress";
import { saveBlob } from "../ui/save-blob";
import { auditFilterSearch, type AuditFilters } from "@/lib/queries/audit-filters";
import { formatCount } from "../ui/format";

type Format = "csv" | "jsonl";
type ExportState =
  | { phase: "idle" }
  | { phase: "running"; format: Format; done: number; rows: number | null }
  | { phase: "done"; file: string; rows: number }
  | { phase: "failed"; message: string };


/**
 * Exports every match of the current query (not the loaded page) from the streamed
 * export route. The body is read as it comes, records counted against the route's
 * row-count header for a progress bar, and saved under the name the server gives.
 * Cancel aborts the request (the server stops writing).
 */
export function AuditExport({ filters, disabled }: { filters: AuditFilters; disabled: boolean }) {
  const [state, setState] = useState<ExportState>({ phase: "idle" });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const run = async (format: Format) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setState({ phase: "running", format, done: 0, rows: null });
    try {
      const res = await fetch(`/api/audit/export?${auditFilterSearch(filters, Date.now(), { format })}`, { signal: abort.signal, cache: "no-store" });
      if (!res.ok || !res.body) {
        const text = await res.text().catch(() => "");
        throw new Error(/"error":"([^"]*)"/.exec(text)?.[1] ?? `${res.status} ${res.statusText}`);
      }
      const header = Number(res.headers.get("x-pilot-export-rows"));
      const rows = Number.isSafeInteger(header) && header >= 0 ? header : null;
      const name = dispositionFilename(res.headers.get("content-disposition")) ?? res.headers.get("x-pilot-export-filename") ?? `pilot-audit.${format}`;
      const counter = new RecordCounter(format);
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      const reader = res.body.getReader();
      let shown = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        counter.push(value);
        // Re-render at most every 1% (or 1,000 rows): a 1M-row export has many chunks.
        const n = counter.records();
        if (n - shown >= Math.max(1000, (rows ?? 0) / 100)) {
          shown = n;
          setState({ phase: "running", format, done: n, rows });
        }
      }
      saveBlob(new Blob(chunks, { type: res.headers.get("content-type") ?? "application/octet-stream" }), name);
      setState({ phase: "done", file: name, rows: counter.records() });
    } catch (err) {
      if (abort.signal.aborted) setState({ phase: "idle" });
      else setState({ phase: "failed", message: err instanceof Error ? err.message : String(err) });
    } finally {
      if (controller.current === abort) controller.current = null;
    }
  };

  const running = state.phase === "running";
  const button = "rounded-md border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";
  return (
    <div role="group" aria-label="Export" className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
      <span aria-hidden>Export all matches</span>
      <div className="flex items-center gap-2">
        <button type="button" className={button} disabled={disabled || running} onClick={() => void run("csv")}>
          Export CSV
        </button>
        <button type="button" className={button} disabled={disabled || running} onClick={() => void run("jsonl")}>
          Export JSONL
        </button>
        {running ? (
          <>
            <progress
              aria-label={`Export ${state.format.toUpperCase()} progress`}
              max={state.rows ?? undefined}
              value={state.rows === null ? undefined : state.done}
              className="w-32"
            />
            <span className="tabular-nums">
              {formatCount(state.done)}
              {state.rows === null ? "" : ` / ${formatCount(state.rows)}`} rows
            </span>
            <button type="button" className={button} onClick={() => controller.current?.abort()}>
              Cancel export
            </button>
          </>
        ) : null}
      </div>
      {state.phase === "done" ? (
        <span role="status">
          Saved {state.file} ({formatCount(state.rows)} rows)
        </span>
      ) : state.phase === "failed" ? (
        <span role="alert" className="text-red-700 dark:text-red-300">
          Export failed: {state.message}
        </span>
      ) : null}
    </div>
  );
}
