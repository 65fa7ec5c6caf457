"use client";

import { useState } from "react";
import { dispositionFilename } from "@/lib/live/export-progress";
import { saveBlob } from "../ui/save-blob";
import { formatCount } from "../ui/format";

type State =
  | { phase: "idle" }
  | { phase: "running" }
  | { phase: "done"; file: string; records: number | null }
  | { phase: "failed"; message: string };

/**
 * Downloads an evidence bundle of the current query (GET /api/evidence): every match, the
 * messages' bytes as received, signed by Pilot. `search` is called at the click, so a
 * relative range ("last hour") is resolved then, as the other exports do.
 */
export function EvidenceButton({ search, disabled }: { search: () => URLSearchParams; disabled: boolean }) {
  const [state, setState] = useState<State>({ phase: "idle" });
  const run = async () => {
    setState({ phase: "running" });
    try {
      const res = await fetch(`/api/evidence?${search().toString()}`, { cache: "no-store" });
      if (!res.ok) {
        const text = await res.text().catch(() => "");
        throw new Error(/"error":"([^"]*)"/.exec(text)?.[1] ?? `${res.status} ${res.statusText}`);
      }
      const name = dispositionFilename(res.headers.get("content-disposition")) ?? "pilot-evidence.tar";
      const header = Number(res.headers.get("x-pilot-evidence-records"));
      saveBlob(await res.blob(), name);
      setState({ phase: "done", file: name, records: Number.isSafeInteger(header) ? header : null });
    } catch (err) {
      setState({ phase: "failed", message: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <div className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
      <button
        type="button"
        className="rounded-md border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
        disabled={disabled || state.phase === "running"}
        title="A signed bundle of every match's messages, byte for byte, that verifies offline (npm run verify-evidence)"
        onClick={() => void run()}
      >
        {state.phase === "running" ? "Building evidence bundle…" : "Evidence bundle"}
      </button>
      {state.phase === "done" ? (
        <span role="status">
          Saved {state.file}
          {state.records === null ? "" : ` (${formatCount(state.records)} records)`}
        </span>
      ) : state.phase === "failed" ? (
        <span role="alert" className="text-red-700 dark:text-red-300">Evidence bundle failed: {state.message}</span>
      ) : null}
    </div>
  );
}
