"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { memo, useEffect, useMemo, useRef } from "react";
import { PagedRows } from "@/lib/live/paged-rows";
import { auditGroupsQuery } from "@/lib/queries/audit-aggregates";
import type { AuditFilters } from "@/lib/queries/audit-filters";
import type { AuditGroup } from "@/lib/contract/audit";
import { useRowWindow } from "../intents/use-row-window";
import { Badge } from "../ui/badge";
import { formatCount } from "../ui/format";
import { Notice } from "../ui/notice";
import { DECISION_LOOKS, EXECUTION_LOOKS, lookFor, SIGNATURE_LOOKS } from "../ui/status-looks";
import { Time } from "../ui/time-zone";
import { alarmOf, AUDIT_ROW_HEIGHT, AuditTableRow, ruleNames, shortId } from "./audit-columns";

const GRID = "grid grid-cols-[10.5rem_6.5rem_7.5rem_minmax(12rem,1fr)_6rem_4rem_8.5rem] gap-2 items-center px-3";
const COLUMNS = ["Last event", "Intent", "Capability", "Decisions", "Outcome", "Events", "Signature"];

const GroupRow = memo(function GroupRow({ g, index, start }: { g: AuditGroup; index: number; start: number }) {
  return (
    <AuditTableRow grid={GRID} alarm={alarmOf(g)} index={index} start={start}>
      <span role="cell" className="truncate text-xs tabular-nums">
        <Time ms={g.lastTsMs} withMillis={false} />
      </span>
      <span role="cell" className="truncate font-mono text-xs">
        <Link href={`/intents/${encodeURIComponent(g.intentId)}`} prefetch={false} className="text-sky-700 hover:underline dark:text-sky-400" aria-label={`Intent ${g.intentId}`} title={g.intentId}>
          {shortId(g.intentId)}
        </Link>
      </span>
      <span role="cell" className="truncate font-mono text-xs">{g.capability ?? "—"}</span>
      <span role="cell" className="flex min-w-0 items-center gap-2" title={g.decisions.map((d) => `${d.ruleName}: ${d.decision} — ${d.reason}`).join("\n")}>
        {g.decision === "none" ? <span className="text-xs text-zinc-500">—</span> : <Badge look={lookFor(DECISION_LOOKS, g.decision)} />}
        <span className="truncate font-mono text-xs">{ruleNames(g.decisions, g.decision)}</span>
      </span>
      <span role="cell">
        <Badge look={lookFor(EXECUTION_LOOKS, g.status)} />
      </span>
      <span role="cell" className="text-right tabular-nums">{formatCount(g.events)}</span>
      <span role="cell">
        {g.signatureState === null ? <span className="text-xs text-zinc-500">unknown</span> : <Badge look={lookFor(SIGNATURE_LOOKS, g.signatureState)} />}
      </span>
    </AuditTableRow>
  );
});

/** One row per intent with matching events (its decisions and outcome), each linking to its chain of custody. */
export function AuditGroups({ filters, enabled }: { filters: AuditFilters; enabled: boolean }) {
  const query = useInfiniteQuery({ ...auditGroupsQuery(filters), enabled });
  const rows = useMemo(() => new PagedRows(query.data?.pages ?? []), [query.data]);
  const total = query.data?.pages[0]?.total ?? null;
  // A lower bound (full text with many matches: the groups of the newest matches) says so.
  const atLeast = query.data?.pages[0]?.totalIsLowerBound === true;
  const scrollRef = useRef<HTMLDivElement>(null);
  const { virtualizer, first } = useRowWindow(rows.length, AUDIT_ROW_HEIGHT, scrollRef);
  const items = virtualizer.getVirtualItems();
  const lastItem = items[items.length - 1];
  useEffect(() => {
    if (lastItem && first + lastItem.index >= rows.length - 20 && query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  }, [lastItem, first, rows.length, query]);

  if (!enabled) return null;
  if (query.isPending) return <p role="status" className="py-8 text-center text-sm text-zinc-500">Grouping events by intent…</p>;
  if (query.isError) return <Notice tone="error" title="Could not group the events">{query.error.message}</Notice>;
  return (
    <div className="min-w-0 flex-1">
      <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400">
        <span aria-label={total === null ? undefined : `${atLeast ? "at least " : ""}${total} intents`}>{total === null ? "—" : `${atLeast ? "at least " : ""}${formatCount(total)}`}</span> intents with matching events
      </p>
      <div role="table" aria-label="Audit events by intent" aria-rowcount={atLeast ? -1 : (total ?? rows.length)} className="overflow-x-auto text-sm">
        <div role="row" className={`${GRID} h-9 border-b border-zinc-200 text-xs font-medium uppercase text-zinc-500 dark:border-zinc-800`}>
          {COLUMNS.map((h) => (
            <span role="columnheader" key={h}>
              {h}
            </span>
          ))}
        </div>
        <div ref={scrollRef} className="h-[calc(100vh-24rem)] min-h-64 overflow-auto">
          {rows.length === 0 ? <p role="status" className="py-8 text-center text-sm text-zinc-500">No intent has events matching this query.</p> : null}
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((v) => {
              const index = first + v.index;
              const g = rows.at(index);
              return g ? <GroupRow key={g.intentId} g={g} index={index} start={v.start} /> : null;
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
