"use client";

import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import Link from "next/link";
import { Notice } from "@/components/ui/notice";
import { integrityParsers, integrityQuery } from "@/lib/queries/integrity";
import { INTEGRITY_LABELS } from "./integrity-labels";
import { IntegrityCounts } from "./integrity-counts";
import { IntegrityRange } from "./integrity-range";
import { IntegrityRows } from "./integrity-rows";

/** The range (URL), its counts (polled twice a minute: they change as ingest runs), and the list a count opened. */
export function IntegrityView() {
  const [f] = useQueryStates(integrityParsers, { history: "replace" });
  const range = { range: f.range, from: f.from, to: f.to };
  const summary = useQuery(integrityQuery(range));
  return (
    <div className="flex flex-col gap-6">
      <IntegrityRange />
      {summary.isPending ? (
        <p role="status">Loading integrity counts…</p>
      ) : summary.isError && !summary.data ? (
        <Notice tone="error" title="Could not count">
          {summary.error.message}
        </Notice>
      ) : summary.data.intents === 0 ? (
        <p role="status" className="text-sm text-zinc-500">
          No intent was created in this range: nothing to check.
        </p>
      ) : (
        <IntegrityCounts summary={summary.data} range={range} />
      )}
      {f.show ? (
        <div className="flex flex-col gap-2">
          <IntegrityRows kind={f.show} range={range} />
          <Link href={`/audit/integrity?${closeSearch(f)}`} className="self-start text-sm text-sky-700 hover:underline dark:text-sky-400">
            Close the list of {INTEGRITY_LABELS[f.show].label.toLowerCase()}
          </Link>
        </div>
      ) : null}
    </div>
  );
}

function closeSearch(f: { range: string | null; from: string | null; to: string | null }): URLSearchParams {
  const s = new URLSearchParams();
  if (f.range) s.set("range", f.range);
  if (f.from) s.set("from", f.from);
  if (f.to) s.set("to", f.to);
  return s;
}
