"use client";

import { useQueryStates } from "nuqs";
import { useEffect, useState } from "react";
import { SESSION_SORTS, SESSION_STATES, sessionFilterParsers } from "@/lib/queries/session-filters";

const field = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const SORT_LABELS: Record<(typeof SESSION_SORTS)[number], string> = { started: "newest first", activity: "last activity" };

/** The list's filters and sort, kept in the URL. */
export function SessionFilterBar() {
  const [f, setF] = useQueryStates(sessionFilterParsers, { history: "replace" });
  const [text, setText] = useState(f.q ?? "");
  useEffect(() => {
    const t = setTimeout(() => {
      const q = text.trim() === "" ? null : text.trim();
      if (q !== f.q) void setF({ q });
    }, 300);
    return () => clearTimeout(t);
  }, [text, f.q, setF]);

  return (
    <form role="search" aria-label="Filter sessions" className="mb-3 flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        Search
        <input
          type="search"
          aria-label="Search sessions"
          placeholder="title or session id"
          className={`${field} w-64`}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        State
        <select
          aria-label="State"
          className={field}
          value={f.state ?? ""}
          onChange={(e) => void setF({ state: SESSION_STATES.find((s) => s === e.target.value) ?? null })}
        >
          <option value="">any</option>
          {SESSION_STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        Sort
        <select
          aria-label="Sort"
          className={field}
          value={f.sort ?? "started"}
          onChange={(e) => void setF({ sort: e.target.value === "activity" ? "activity" : null })}
        >
          {SESSION_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
