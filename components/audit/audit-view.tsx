"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { AuditField } from "@/lib/audit-search/fields";
import { parseAuditQuery } from "@/lib/audit-search/parse";
import { AuditApiError, auditQuery } from "@/lib/queries/audit";
import { auditHistogramQuery } from "@/lib/queries/audit-aggregates";
import { auditFilterParsers, auditFilterSearch, auditFiltersOf, type AuditRange, type AuditView as ViewMode } from "@/lib/queries/audit-filters";
import { useFetchGeneration } from "../intents/use-fetch-generation";
import { Notice } from "../ui/notice";
import { AuditEvents } from "./audit-events";
import { AuditExport } from "./audit-export";
import { EvidenceButton } from "../evidence/evidence-button";
import { AuditFacets } from "./audit-facets";
import { AuditGroups } from "./audit-groups";
import { AuditHistogram } from "./audit-histogram";
import { AuditSearchBox } from "./audit-search-box";
import { addTerm } from "./query-text";
import { TimeRangePicker } from "./time-range-picker";
import { useLiveAudit } from "./use-live-audit";

const VIEWS: readonly { mode: ViewMode; label: string }[] = [
  { mode: "events", label: "Raw events" },
  { mode: "intents", label: "By intent" },
];

/**
 * The audit trail: query box, time range, histogram, live results (raw or grouped by
 * intent) and facets, all from the URL. A query the parser refuses runs nothing: the
 * message under the box says what to fix.
 */
export function AuditView() {
  const [state, setState] = useQueryStates(auditFilterParsers, { history: "replace" });
  const { q, range, from, to } = state;
  const filters = useMemo(() => auditFiltersOf({ q, range, from, to }), [q, range, from, to]);
  const view: ViewMode = state.view ?? "events";
  const valid = filters.q === null || parseAuditQuery(filters.q).ok;

  const list = useInfiniteQuery({ ...auditQuery(filters), enabled: valid });
  const histogram = useQuery({ ...auditHistogramQuery(filters), enabled: valid });
  const first = list.data?.pages[0];
  // Live in both views: the facets beside the groups come from the list too.
  const generation = useFetchGeneration(list.isFetching && !list.isFetchingNextPage);
  const tail = useLiveAudit(filters, valid, list.data, generation);

  // The box holds what is typed; the URL gets it a moment after typing stops.
  const [text, setText] = useState(q ?? "");
  const [ownQ, setOwnQ] = useState(q);
  const [seenQ, setSeenQ] = useState(q);
  if (seenQ !== q) {
    // The URL changed; unless this box wrote it, the box follows it (back / forward).
    setSeenQ(q);
    if (q !== ownQ) setText(q ?? "");
  }
  const commit = useCallback(
    (next: string) => {
      const value = next.trim() === "" ? null : next.trim();
      setOwnQ(value);
      void setState({ q: value });
    },
    [setState],
  );
  useEffect(() => {
    const value = text.trim() === "" ? null : text.trim();
    if (value === q) return;
    const t = setTimeout(() => commit(text), 400);
    return () => clearTimeout(t);
  }, [text, q, commit]);

  const addFacet = useCallback(
    (field: AuditField, value: string) => {
      const next = addTerm(text, field, value);
      setText(next);
      commit(next);
    },
    [text, commit],
  );

  const known = useMemo(() => {
    const facets = first?.facets;
    if (!facets) return {};
    const values = (f: { value: string }[]) => f.map((v) => v.value);
    return { executor: values(facets.executor), rule: values(facets.rule), capability: values(facets.capability), domain: values(facets.domain) };
  }, [first?.facets]);

  const refused = [list.error, histogram.error].find((e) => e instanceof AuditApiError && e.status === 400 && e.param === "q");
  const serverError = refused ? refused.message.replace(/^q: /, "") : null;
  const narrowed = range === null && (from !== null || to !== null);

  return (
    <div className="flex flex-col gap-3">
      <form role="search" aria-label="Search the audit trail" className="flex flex-wrap items-start gap-4" onSubmit={(e) => e.preventDefault()}>
        <AuditSearchBox value={text} onChange={setText} onCommit={commit} known={known} serverError={serverError} />
        <TimeRangePicker
          range={range}
          from={from}
          to={to}
          onRange={(r: AuditRange) => void setState({ range: r === "all" ? null : r, from: null, to: null })}
          onAbsolute={(f, t) => void setState({ range: null, from: f, to: t })}
        />
        <div role="radiogroup" aria-label="Show" className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          <span aria-hidden>Show</span>
          <div className="flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
            {VIEWS.map((v) => (
              <button
                key={v.mode}
                type="button"
                role="radio"
                aria-checked={view === v.mode}
                onClick={() => void setState({ view: v.mode === "events" ? null : v.mode })}
                className={`px-2 py-1 text-sm ${view === v.mode ? "bg-sky-600 text-white" : "bg-white hover:bg-zinc-100 dark:bg-zinc-900 dark:hover:bg-zinc-800"}`}
              >
                {v.label}
              </button>
            ))}
          </div>
        </div>
        <AuditExport filters={filters} disabled={!valid || serverError !== null} />
        <EvidenceButton search={() => auditFilterSearch(filters, Date.now(), { source: "audit" })} disabled={!valid || serverError !== null} />
      </form>

      {!valid ? (
        <p role="status" className="py-8 text-center text-sm text-zinc-500">
          Nothing is searched while the query has an error: fix it above.
        </p>
      ) : serverError !== null ? null : list.isError && !first ? (
        <Notice tone="error" title="Could not search the audit trail">{list.error.message}</Notice>
      ) : (
        <>
          <AuditHistogram
            histogram={histogram.data}
            loading={histogram.isFetching}
            narrowed={narrowed}
            onNarrow={(f, t) => void setState({ range: null, from: new Date(f).toISOString(), to: new Date(t).toISOString() })}
            onReset={() => void setState({ range: null, from: null, to: null })}
          />
          <div className="flex gap-4">
            {view === "events" ? <AuditEvents list={list} tail={tail} /> : <AuditGroups filters={filters} enabled />}
            <AuditFacets facets={first?.facets ?? null} total={first?.total ?? null} atLeast={first?.totalIsLowerBound === true} onAdd={addFacet} />
          </div>
        </>
      )}
    </div>
  );
}
