"use client";

import { useQueryStates } from "nuqs";
import { RELATIVE_RANGES } from "@/lib/queries/intent-filters";
import { integrityParsers } from "@/lib/queries/integrity";

/** An ISO instant or epoch ms as a `datetime-local` value, which is in the browser's own zone. */
function localInputValue(value: string | null): string {
  if (!value) return "";
  const d = new Date(/^\d+$/.test(value) ? Number(value) : value);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const field = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const labelClass = "flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400";

/** The range of intents (by creation time) the counts cover; all time unless chosen. */
export function IntegrityRange() {
  const [f, setF] = useQueryStates(integrityParsers, { history: "replace" });
  const toIso = (value: string) => (value ? new Date(value).toISOString() : null);
  return (
    <form role="search" aria-label="Integrity range" onSubmit={(e) => e.preventDefault()} className="flex flex-wrap items-end gap-3">
      <label className={labelClass}>
        Created in the last
        <select
          aria-label="Created in the last"
          className={field}
          value={f.range ?? ""}
          onChange={(e) => {
            const range = RELATIVE_RANGES.find((r) => r === e.target.value) ?? null;
            void setF({ range, from: null, to: null });
          }}
        >
          <option value="">(all time or the dates)</option>
          {RELATIVE_RANGES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label className={labelClass}>
        From
        <input
          type="datetime-local"
          step={1}
          aria-label="From"
          className={field}
          value={localInputValue(f.from)}
          onChange={(e) => void setF({ from: toIso(e.target.value), range: null })}
        />
      </label>
      <label className={labelClass}>
        To
        <input
          type="datetime-local"
          step={1}
          aria-label="To"
          className={field}
          value={localInputValue(f.to)}
          onChange={(e) => void setF({ to: toIso(e.target.value), range: null })}
        />
      </label>
      {f.range || f.from || f.to ? (
        <button type="button" className="rounded-md border px-3 py-1 text-sm" onClick={() => void setF({ range: null, from: null, to: null })}>
          All time
        </button>
      ) : null}
    </form>
  );
}
