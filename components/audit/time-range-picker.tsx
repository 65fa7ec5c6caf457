"use client";

import { AUDIT_RANGES, type AuditRange } from "@/lib/queries/audit-filters";
import { useTimeZone } from "../ui/time-zone";
import { fromInputValue, inputValue } from "./time-input";

const field = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

const LABELS: Record<AuditRange, string> = { "15m": "15 min", "1h": "1 hour", "24h": "24 hours", "7d": "7 days", all: "All" };

/**
 * Relative presets (each ends now, so live events stay in view) or an absolute from/to,
 * read and shown in the zone of the UTC / local toggle.
 */
export function TimeRangePicker(props: {
  range: AuditRange | null;
  from: string | null;
  to: string | null;
  onRange: (range: AuditRange) => void;
  onAbsolute: (from: string | null, to: string | null) => void;
}) {
  const [tz] = useTimeZone();
  const absolute = props.range === null && (props.from !== null || props.to !== null);
  const current: AuditRange | null = props.range ?? (absolute ? null : "all");
  return (
    <fieldset className="flex flex-wrap items-end gap-2 text-xs text-zinc-600 dark:text-zinc-400">
      <legend className="sr-only">Time range</legend>
      <div role="group" aria-label="Relative range" className="flex flex-col gap-1">
        <span aria-hidden>Range</span>
        <div className="flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
          {AUDIT_RANGES.map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={current === r}
              aria-label={r === "all" ? "All time" : `Last ${LABELS[r]}`}
              onClick={() => props.onRange(r)}
              className={`px-2 py-1 text-sm ${current === r ? "bg-sky-600 text-white" : "bg-white hover:bg-zinc-100 dark:bg-zinc-900 dark:hover:bg-zinc-800"}`}
            >
              {r === "all" ? "All" : r}
            </button>
          ))}
        </div>
      </div>
      <label className="flex flex-col gap-1">
        From ({tz === "utc" ? "UTC" : "local"})
        <input
          type="datetime-local"
          aria-label="From"
          className={field}
          value={absolute ? inputValue(props.from, tz) : ""}
          onChange={(e) => props.onAbsolute(fromInputValue(e.target.value, tz), absolute ? props.to : null)}
        />
      </label>
      <label className="flex flex-col gap-1">
        To ({tz === "utc" ? "UTC" : "local"})
        <input
          type="datetime-local"
          aria-label="To"
          className={field}
          value={absolute ? inputValue(props.to, tz) : ""}
          onChange={(e) => props.onAbsolute(absolute ? props.from : null, fromInputValue(e.target.value, tz))}
        />
      </label>
    </fieldset>
  );
}
