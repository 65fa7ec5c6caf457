"use client";

import { memo, useState } from "react";
import { AUDIT_FIELDS, CLOSED_FIELDS, type AuditField } from "@/lib/audit-search/fields";
import type { AuditList } from "@/lib/contract/audit";
import type { Facet } from "@/lib/contract/list";
import { formatCount } from "../ui/format";

const FACETS = [
  ["decision", "Decision"],
  ["status", "Status"],
  ["rule", "Rule"],
  ["executor", "Executor"],
  ["capability", "Capability"],
  ["sandbox", "Sandbox"],
] as const satisfies readonly (readonly [keyof AuditList["facets"] & AuditField, string])[];

const SHOWN = 8;

/** Whether `field:value` can be typed in the query (closed fields take only their known values). */
function addable(field: AuditField, value: string): boolean {
  const known: readonly string[] = AUDIT_FIELDS[field].values;
  return !CLOSED_FIELDS.has(field) || known.includes(value);
}

function FacetGroup({ field, title, facet, atLeast, onAdd }: { field: AuditField; title: string; facet: Facet; atLeast: boolean; onAdd: (field: AuditField, value: string) => void }) {
  // Lower bounds (a full-text query counted over its newest matches) are marked as such.
  const some = atLeast ? "at least " : "";
  const [all, setAll] = useState(false);
  const max = Math.max(1, ...facet.map((f) => f.count));
  const shown = all ? facet : facet.slice(0, SHOWN);
  return (
    <section aria-label={`${title} facet`} className="flex flex-col gap-1">
      <h3 className="text-xs font-medium uppercase text-zinc-500">{title}</h3>
      {facet.length === 0 ? <p className="text-xs text-zinc-500">none</p> : null}
      <ul className="flex flex-col">
        {shown.map((f) => {
          const bar = (
            <span aria-hidden className="absolute inset-y-0 left-0 rounded bg-sky-100 dark:bg-sky-950" style={{ width: `${(f.count / max) * 100}%` }} />
          );
          const body = (
            <>
              {bar}
              <span className="relative truncate font-mono">{f.value}</span>
              <span className="relative tabular-nums text-zinc-600 dark:text-zinc-400">{atLeast ? "≥ " : ""}{formatCount(f.count)}</span>
            </>
          );
          return (
            <li key={f.value}>
              {addable(field, f.value) ? (
                <button
                  type="button"
                  onClick={() => onAdd(field, f.value)}
                  aria-label={`${field}:${f.value}, ${some}${f.count} events`}
                  title={`Filter by ${field}:${f.value}`}
                  className="relative flex w-full items-center justify-between gap-2 rounded px-1 py-0.5 text-left text-xs hover:outline hover:outline-1 hover:outline-sky-500"
                >
                  {body}
                </button>
              ) : (
                <span aria-label={`${field} ${f.value}, ${some}${f.count} events`} className="relative flex w-full items-center justify-between gap-2 px-1 py-0.5 text-xs text-zinc-500">
                  {body}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {facet.length > SHOWN ? (
        <button type="button" onClick={() => setAll((a) => !a)} className="self-start text-xs text-sky-700 hover:underline dark:text-sky-400">
          {all ? "Fewer" : `All ${facet.length}`}
        </button>
      ) : null}
    </section>
  );
}

/**
 * Counts over the whole matching range (the API's facets, not the loaded rows); a click
 * narrows the query. `atLeast`: the counts are lower bounds (see `totalIsLowerBound`).
 */
export const AuditFacets = memo(function AuditFacets({ facets, total, atLeast = false, onAdd }: { facets: AuditList["facets"] | null; total: number | null; atLeast?: boolean; onAdd: (field: AuditField, value: string) => void }) {
  return (
    <aside aria-label="Facets" className="flex w-60 shrink-0 flex-col gap-4">
      <p className="text-sm">
        <span className="font-semibold tabular-nums" aria-label={total === null ? undefined : `${atLeast ? "at least " : ""}${total} matching events`}>
          {total === null ? "—" : `${atLeast ? "≥ " : ""}${formatCount(total)}`}
        </span>{" "}
        matching events
      </p>
      {atLeast ? <p className="text-xs text-zinc-500">Many matches: counted over the newest of them. Narrow the range or the query for exact counts.</p> : null}
      {facets ? FACETS.map(([field, title]) => <FacetGroup key={field} field={field} title={title} facet={facets[field]} atLeast={atLeast} onAdd={onAdd} />) : null}
    </aside>
  );
});
