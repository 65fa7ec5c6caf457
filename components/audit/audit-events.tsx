"use client";

import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { PagedRows } from "@/lib/live/paged-rows";
import type { AuditList } from "@/lib/contract/audit";
import { LiveTailBar } from "../intents/live-tail-bar";
import { useRowWindow } from "../intents/use-row-window";
import { useHoldOnInsert } from "../intents/use-hold-on-insert";
import { Notice } from "../ui/notice";
import { AUDIT_ROW_HEIGHT, AuditHeader, AuditRow } from "./audit-columns";
import { formatCount } from "../ui/format";
import type { LiveAuditState } from "./use-live-audit";

/**
 * Raw audit events, newest first, virtualized (the Intents table's row window), live:
 * new events enter at the top; away from the top (or paused) the view stays put and
 * counts them ("N new — jump to live").
 */
export function AuditEvents({ list, tail }: { list: UseInfiniteQueryResult<InfiniteData<AuditList>>; tail: LiveAuditState }) {
  const rows = useMemo(() => new PagedRows(list.data?.pages ?? []), [list.data]);
  const total = list.data?.pages[0]?.total ?? null;
  // A lower bound (full text with many matches) is said so, and is no row count.
  const atLeast = list.data?.pages[0]?.totalIsLowerBound === true;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [paused, setPaused] = useState(false);
  const { virtualizer, first } = useRowWindow(rows.length, AUDIT_ROW_HEIGHT, scrollRef);
  const { unseen, jumpToLive, onScroll } = useHoldOnInsert({ added: tail.added, rowHeight: AUDIT_ROW_HEIGHT, scrollRef, virtualizer, paused, setPaused });

  const items = virtualizer.getVirtualItems();
  const lastItem = items[items.length - 1];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    if (lastItem && first + lastItem.index >= rows.length - 20 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [lastItem, first, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <div className="min-w-0 flex-1">
      <LiveTailBar
        lagMs={tail.lagMs}
        unseen={unseen}
        paused={paused}
        onTogglePause={() => setPaused((p) => !p)}
        onJump={jumpToLive}
        count={rows.length}
        more={list.hasNextPage}
        noun={total === null ? "events loaded" : `of ${atLeast ? "at least " : ""}${formatCount(total)} matching events loaded`}
      />
      {tail.problem ? <Notice tone="warn" title={tail.problem} /> : null}
      {list.isPending ? (
        <p role="status" className="py-8 text-center text-sm text-zinc-500">Searching the audit trail…</p>
      ) : (
        <div role="table" aria-label="Audit events" aria-rowcount={atLeast ? -1 : (total ?? rows.length)} className="overflow-x-auto text-sm">
          <AuditHeader />
          <div
            ref={scrollRef}
            onScroll={onScroll}
            className="h-[calc(100vh-24rem)] min-h-80 overflow-auto"
          >
            {rows.length === 0 ? (
              <p role="status" className="py-8 text-center text-sm text-zinc-500">
                No audit event matches this query in this range yet. New ones appear here as they arrive.
              </p>
            ) : null}
            <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
              {items.map((v) => {
                const index = first + v.index;
                const row = rows.at(index);
                return row ? <AuditRow key={row.id} row={row} index={index} start={v.start} /> : null;
              })}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
