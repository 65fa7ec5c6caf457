"use client";

import { useState } from "react";
import { Diff, Hunk, parseDiff, type FileData } from "react-diff-view";
import "react-diff-view/style/index.css";
import { PlainText } from "./plain-text";

const LARGE_DIFF_LINES = 5000;

/** The diff text inside ```diff fences when there are any, else the text as it is. */
export function diffBody(text: string): string {
  const fenced = [...text.matchAll(/```(?:diff|patch)?\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  return fenced.length > 0 ? fenced.join("\n") : text;
}

/**
 * A plain unified diff (`--- a/x` / `+++ b/x`, no `diff --git` line) parses without file
 * names; a git header is added before each file so that every file is named.
 */
export function withGitHeaders(text: string): string {
  if (/^diff --git /m.test(text)) return text;
  return text.replace(/^--- (?:a\/)?(.+)\n\+\+\+ (?:b\/)?(.+)$/gm, (whole, from: string, to: string) => `diff --git a/${from} b/${to}\n${whole}`);
}

function parse(text: string): FileData[] | null {
  try {
    const files = parseDiff(withGitHeaders(text), { nearbySequences: "zip" });
    return files.length > 0 && files.some((f) => f.hunks.length > 0) ? files : null;
  } catch {
    return null;
  }
}

/** A unified diff, split or unified (react-diff-view); text that does not parse is shown as text. */
export function DiffView({ text, label }: { text: string; label: string }) {
  const [view, setView] = useState<"split" | "unified">("split");
  const files = parse(diffBody(text));
  if (!files) return <PlainText text={text} label={`${label} (not a parseable diff)`} />;
  const lines = files.reduce((n, f) => n + f.hunks.reduce((k, h) => k + h.changes.length, 0), 0);
  // A table row per line stops being usable long before the browser gives up: past this,
  // every line is still shown, as virtualized text.
  if (lines > LARGE_DIFF_LINES) return <PlainText text={diffBody(text)} label={`${label} (${lines} lines: shown as text)`} />;
  return (
    <section aria-label={label} className="flex flex-col gap-2">
      <div role="radiogroup" aria-label="Diff layout" className="flex gap-1 text-xs">
        {(["split", "unified"] as const).map((v) => (
          <button key={v} type="button" role="radio" aria-checked={view === v} className={`rounded border px-2 py-0.5 ${view === v ? "bg-zinc-100 font-medium dark:bg-zinc-800" : ""}`} onClick={() => setView(v)}>
            {v === "split" ? "Side by side" : "Unified"}
          </button>
        ))}
      </div>
      {files.map((f, i) => (
        <div key={`${f.newPath}-${i}`} className="overflow-x-auto rounded border border-zinc-200 text-xs dark:border-zinc-800">
          <div className="border-b border-zinc-200 bg-zinc-50 px-2 py-1 font-mono dark:border-zinc-800 dark:bg-zinc-900">
            {f.oldPath === f.newPath ? f.newPath : `${f.oldPath} → ${f.newPath}`}
          </div>
          <Diff viewType={view} diffType={f.type} hunks={f.hunks}>
            {(hunks) => hunks.map((h) => <Hunk key={h.content} hunk={h} />)}
          </Diff>
        </div>
      ))}
    </section>
  );
}
