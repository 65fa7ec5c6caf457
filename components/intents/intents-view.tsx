"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useQueryStates } from "nuqs";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { intentFilterParsers } from "@/lib/queries/intent-filters";
import { intentsQuery } from "@/lib/queries/intents";
import { Notice } from "../ui/notice";
import { IntentCells, IntentHeader, GRID, ROW_HEIGHT } from "./intent-columns";
import { IntentFilterBar } from "./intent-filter-bar";
import { LiveTailBar } from "./live-tail-bar";
import { useFetchGeneration } from "./use-fetch-generation";
import { useListKeys } from "./use-list-keys";
import { useLiveIntents } from "./use-live-intents";

export function IntentsView() {
  const [filters] = useQueryStates(intentFilterParsers);
  const query = useInfiniteQuery(intentsQuery(filters));
  const generation = useFetchGeneration(query.isFetching && !query.isFetchingNextPage);
  const tail = useLiveIntents(filters, query.data, generation);
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const router = useRouter();
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [paused, setPaused] = useState(false);
  const [unseen, setUnseen] = useState(0);
  const [selected, setSelected] = useState(0);
  const seenAdded = useRef(tail.added);

  // The virtualizer is an imperative object by design; nothing here memoizes its functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  // New rows enter at the top. Away from the top (or paused) the view stays where the
  // person is reading: shift the scroll by the rows added and count them instead.
  useEffect(() => {
    const delta = tail.added - seenAdded.current;
    seenAdded.current = tail.added;
    const el = scrollRef.current;
    if (delta <= 0 || !el) return;
    if (paused || el.scrollTop > 0) {
      el.scrollTop += delta * ROW_HEIGHT;
      setUnseen((n) => n + delta);
      setSelected((s) => s + delta);
    }
  }, [tail.added, paused]);

  const jumpToLive = () => {
    setPaused(false);
    setUnseen(0);
    scrollRef.current?.scrollTo({ top: 0 });
  };

  useListKeys({
    count: rows.length,
    selected,
    setSelected: (i) => {
      setSelected(i);
      virtualizer.scrollToIndex(i, { align: "auto" });
    },
    open: (i) => {
      const row = rows[i];
      if (row) router.push(`/intents/${encodeURIComponent(row.id)}`);
    },
    focusSearch: () => searchRef.current?.focus(),
  });

  const items = virtualizer.getVirtualItems();
  const lastItem = items[items.length - 1];
  useEffect(() => {
    if (lastItem && lastItem.index >= rows.length - 20 && query.hasNextPage && !query.isFetchingNextPage) {
      void query.fetchNextPage();
    }
  }, [lastItem, rows.length, query]);

  return (
    <div className="flex flex-col">
      <IntentFilterBar searchRef={searchRef} />
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
      ) : rows.length === 0 ? (
        <p role="status" className="py-8 text-center text-sm text-zinc-500">
          No intents match these filters yet. New ones appear here as they arrive.
        </p>
      ) : (
        <div role="table" aria-label="Intents" aria-rowcount={rows.length} className="text-sm">
          <IntentHeader />
          <div
            ref={scrollRef}
            onScroll={(e) => e.currentTarget.scrollTop === 0 && unseen > 0 && setUnseen(0)}
            className="h-[calc(100vh-17rem)] min-h-64 overflow-auto"
          >
            <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
              {items.map((v) => {
                const row = rows[v.index];
                if (!row) return null;
                return (
                  <div
                    role="row"
                    key={row.id}
                    aria-rowindex={v.index + 1}
                    aria-selected={v.index === selected}
                    data-intent-id={row.id}
                    onClick={() => setSelected(v.index)}
                    onDoubleClick={() => router.push(`/intents/${encodeURIComponent(row.id)}`)}
                    className={`${GRID} absolute left-0 right-0 cursor-pointer border-b border-zinc-100 dark:border-zinc-900 ${
                      v.index === selected ? "bg-sky-50 dark:bg-sky-950" : "hover:bg-zinc-50 dark:hover:bg-zinc-900"
                    }`}
                    style={{ height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
                  >
                    <IntentCells row={row} />
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
