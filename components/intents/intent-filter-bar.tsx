"use client";

import { useQueryStates } from "nuqs";
import { memo, useEffect, useState, type RefObject } from "react";
import { KNOWN_CAPABILITIES } from "@/lib/protocol/smith-intent";
import { COPIES_FILTERS, intentFilterParsers, RELATIVE_RANGES } from "@/lib/queries/intent-filters";
import { INTENT_STATUSES, SIGNATURE_STATES } from "@/lib/contract/intents";

/** An ISO instant as a `datetime-local` value, which is in the browser's own zone. */
function localInputValue(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const field = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/**
 * Filters live in the URL (nuqs): every filtered view is a permalink. Memoized: the list
 * around it renders every frame while live, the filters only when they change.
 */
export const IntentFilterBar = memo(function IntentFilterBar({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const [f, setF] = useQueryStates(intentFilterParsers, { history: "replace" });
  const [text, setText] = useState(f.q ?? "");
  useEffect(() => {
    const t = setTimeout(() => {
      const q = text.trim() === "" ? null : text.trim();
      if (q !== f.q) void setF({ q });
    }, 300);
    return () => clearTimeout(t);
  }, [text, f.q, setF]);

  const select = <T extends string>(label: string, value: T | null, options: readonly T[], set: (v: T | null) => void) => (
    <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
      {label}
      <select
        aria-label={label}
        className={field}
        value={value ?? ""}
        onChange={(e) => set(e.target.value === "" ? null : (options.find((o) => o === e.target.value) ?? null))}
      >
        <option value="">any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <form role="search" aria-label="Filter intents" className="mb-3 flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        Search
        <input
          ref={searchRef}
          type="search"
          aria-label="Search intents"
          placeholder="params, errors, rules… ( / )"
          className={`${field} w-64`}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      {select("Capability", f.capability, KNOWN_CAPABILITIES, (capability) => void setF({ capability }))}
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        Domain
        <input
          aria-label="Domain"
          className={`${field} w-28`}
          defaultValue={f.domain ?? ""}
          onBlur={(e) => void setF({ domain: e.target.value.trim() || null })}
          onKeyDown={(e) => e.key === "Enter" && void setF({ domain: e.currentTarget.value.trim() || null })}
        />
      </label>
      {select("Status", f.status, INTENT_STATUSES, (status) => void setF({ status }))}
      {select("Signature", f.signature, SIGNATURE_STATES, (signature) => void setF({ signature }))}
      {select("Copies", f.copies, COPIES_FILTERS, (copies) => void setF({ copies }))}
      {select("Last", f.range, RELATIVE_RANGES, (range) => void setF({ range, from: null, to: null }))}
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        From
        <input
          type="datetime-local"
          aria-label="From"
          className={field}
          value={localInputValue(f.from)}
          onChange={(e) => void setF({ from: e.target.value ? new Date(e.target.value).toISOString() : null, range: null })}
        />
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        To
        <input
          type="datetime-local"
          aria-label="To"
          className={field}
          value={localInputValue(f.to)}
          onChange={(e) => void setF({ to: e.target.value ? new Date(e.target.value).toISOString() : null, range: null })}
        />
      </label>
    </form>
  );
});
