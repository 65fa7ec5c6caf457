"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { PagedRows } from "@/lib/live/paged-rows";
import { intentFilterParsers, intentFilterSearch } from "@/lib/queries/intent-filters";
import { EvidenceButton } from "../evidence/evidence-button";
import { intentsQuery } from "@/lib/queries/intents";
import { Notice } from "../ui/notice";
import { IntentHeader, ROW_HEIGHT } from "./intent-columns";
import { IntentFilterBar } from "./intent-filter-bar";
import { LiveTailBar } from "./live-tail-bar";
import { useFetchGeneration } from "./use-fetch-generation";
import { useListKeys } from "./use-list-keys";
import { IntentRow } from "./intent-row";
import { NoResultGrace } from "./intent-status";
import { useLiveIntents, type LiveViewPort } from "./use-live-intents";
import { useRowWindow } from "./use-row-window";
import { useHoldOnInsert } from "./use-hold-on-insert";

/** `noResultGraceMs`: the server's grace after the TTL before "pending" reads "no result". */
export function IntentsView({ noResultGraceMs, canExport = false }: { noResultGraceMs: number; canExport?: boolean }) {
  return (
    <NoResultGrace value={noResultGraceMs}>
      <IntentsList canExport={canExport} />
    </NoResultGrace>
  );
}

function IntentsList({ canExport }: { canExport: boolean }) {
  const [filters] = useQueryStates(intentFilterParsers);
  const query = useInfiniteQuery(intentsQuery(filters));
  const generation = useFetchGeneration(query.isFetching && !query.isFetchingNextPage);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [paused, setPaused] = useState(false);
  // The virtualizer tracks scroll offset and height from events: asking it, unlike the
  // element, never forces a layout in the middle of a busy frame.
  const follow = useRef<{ paused: boolean; offset: number | null; height: number | null }>({ paused, offset: null, height: null });
  // New rows are shown (and so checked before they are) only where the view follows the top.
  const viewPort = useRef<LiveViewPort>({
    visibleTop: () => {
      const { paused: isPaused, offset, height } = follow.current;
      if (isPaused || (offset ?? 0) > 0) return 0;
      // No table yet (an empty list): the first rows will fill the window.
      return Math.ceil((height ?? window.innerHeight) / ROW_HEIGHT);
    },
  });
  const tail = useLiveIntents(filters, query.data, generation, viewPort);
  // Rows by index without flattening: the list may hold 100k rows and change every frame.
  const rows = useMemo(() => new PagedRows(query.data?.pages ?? []), [query.data]);
  const router = useRouter();
  const searchRef = useRef<HTMLInputElement>(null);
  const [selected, setSelected] = useState(0);

  const { virtualizer, first, scrollToRow } = useRowWindow(rows.length, ROW_HEIGHT, scrollRef);
  useEffect(() => {
    follow.current = { paused, offset: virtualizer.scrollOffset, height: virtualizer.scrollRect?.height ?? null };
  });

  const { unseen, jumpToLive, onScroll } = useHoldOnInsert({
    added: tail.added,
    rowHeight: ROW_HEIGHT,
    scrollRef,
    virtualizer,
    paused,
    setPaused,
    onHeld: (delta) => setSelected((s) => s + delta),
  });

  const openIntent = useCallback((id: string) => router.push(`/intents/${encodeURIComponent(id)}`), [router]);

  useListKeys({
    count: rows.length,
    selected,
    setSelected: (i) => {
      setSelected(i);
      scrollToRow(i);
    },
    open: (i) => {
      const row = rows.at(i);
      if (row) router.push(`/intents/${encodeURIComponent(row.id)}`);
    },
    focusSearch: () => searchRef.current?.focus(),
  });

  const items = virtualizer.getVirtualItems();
  const lastItem = items[items.length - 1];

  // Live rows rendered (on screen, or just off it) whose signature is not checked yet:
  // check them now.
  const { check } = tail;
  useEffect(() => {
    const unchecked = [];
    for (const v of items) {
      const row = rows.at(first + v.index);
      if (row?.signatureState === null) unchecked.push(row);
    }
    if (unchecked.length > 0) check(unchecked);
  });

  useEffect(() => {
    if (lastItem && first + lastItem.index >= rows.length - 20 && query.hasNextPage && !query.isFetchingNextPage) {
      void query.fetchNextPage();
    }
  }, [lastItem, first, rows.length, query]);

  return (
    <div className="flex flex-col">
      <IntentFilterBar searchRef={searchRef} />
      {canExport ? (
        <div className="flex justify-end py-1">
          <EvidenceButton
            search={() => {
              const s = intentFilterSearch(filters, Date.now());
              s.set("source", "intents");
              return s;
            }}
            disabled={false}
          />
        </div>
      ) : null}
      <LiveTailBar
        lagMs={tail.lagMs}
        unseen={unseen}
        paused={paused}
        onTogglePause={() => setPaused((p) => !p)}
        onJump={jumpToLive}
        count={rows.length}
        more={query.hasNextPage}
      />
      {tail.problem ? <Notice tone="warn" title={tail.problem} /> : null}
      {query.isPending ? (
        <p role="status" className="py-8 text-center text-sm text-zinc-500">Loading intents from the index…</p>
      ) : query.isError && rows.length === 0 ? (
        <Notice tone="error" title="Could not load intents">{query.error.message}</Notice>
      ) : (
        // The table is there even while empty: the first live row then only adds a row,
        // instead of mounting the table and waiting a frame for its size.
        <div role="table" aria-label="Intents" aria-rowcount={rows.length} className="text-sm">
          <IntentHeader />
          <div
            ref={scrollRef}
            onScroll={onScroll}
            className="h-[calc(100vh-17rem)] min-h-64 overflow-auto"
          >
            {rows.length === 0 ? (
              <p role="status" className="py-8 text-center text-sm text-zinc-500">
                No intents match these filters yet. New ones appear here as they arrive.
              </p>
            ) : null}
            <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
              {items.map((v) => {
                const index = first + v.index;
                const row = rows.at(index);
                if (!row) return null;
                return (
                  <IntentRow
                    key={row.id}
                    row={row}
                    index={index}
                    start={v.start}
                    selected={index === selected}
                    onSelect={setSelected}
                    onOpen={openIntent}
                  />
                );
              })}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
