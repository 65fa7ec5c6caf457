"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useEffect, useState } from "react";
import { quarantineFilterParsers, quarantineQuery } from "@/lib/queries/quarantine";
import { Notice } from "../ui/notice";
import { QuarantineRow } from "./quarantine-row";

export function QuarantineView() {
  const [f, setF] = useQueryStates(quarantineFilterParsers, { history: "replace" });
  const query = useInfiniteQuery(quarantineQuery(f));
  const [reason, setReason] = useState(f.reason ?? "");
  useEffect(() => {
    const t = setTimeout(() => {
      const next = reason.trim() || null;
      if (next !== f.reason) void setF({ reason: next });
    }, 300);
    return () => clearTimeout(t);
  }, [reason, f.reason, setF]);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="flex flex-col gap-3">
      <form role="search" aria-label="Filter quarantine" onSubmit={(e) => e.preventDefault()} className="flex gap-3">
        <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          Reason contains
          <input
            type="search"
            aria-label="Reason contains"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className="w-72 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
      </form>
      {query.isPending ? (
        <p role="status">Loading quarantined messages…</p>
      ) : query.isError && items.length === 0 ? (
        <Notice tone="error" title="Could not load the quarantine">{query.error.message}</Notice>
      ) : items.length === 0 ? (
        <p role="status" className="text-sm text-zinc-500">
          {f.reason ? "No quarantined message matches this reason." : "Nothing quarantined: every message so far matched its protocol."}
        </p>
      ) : (
        <table className="w-full text-left">
          <caption className="sr-only">Quarantined messages</caption>
          <thead className="text-xs uppercase text-zinc-500">
            <tr>
              <th scope="col" className="py-1 pr-3">Received</th>
              <th scope="col" className="py-1 pr-3">Subject</th>
              <th scope="col" className="py-1 pr-3">Stream seq</th>
              <th scope="col" className="py-1 pr-3">Reason</th>
              <th scope="col" className="py-1 pr-3 text-right">Size</th>
              <th scope="col" className="py-1"><span className="sr-only">Payload</span></th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <QuarantineRow key={item.id} item={item} />
            ))}
          </tbody>
        </table>
      )}
      {query.hasNextPage ? (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} className="self-start rounded border px-3 py-1 text-sm">
          {query.isFetchingNextPage ? "Loading…" : "Load older"}
        </button>
      ) : null}
    </div>
  );
}
