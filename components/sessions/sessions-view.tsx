"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { useMemo } from "react";
import { nsToMillis } from "@/lib/protocol/primitives";
import { sessionFilterParsers } from "@/lib/queries/session-filters";
import { sessionsQuery } from "@/lib/queries/sessions";
import { Badge } from "../ui/badge";
import { formatCount } from "../ui/format";
import { Notice } from "../ui/notice";
import { lookFor, SESSION_STATE_LOOKS } from "../ui/status-looks";
import { Time } from "../ui/time-zone";
import { SessionFilterBar } from "./session-filter-bar";
import { StatusBar } from "./status-bar";
import { useLiveSessions } from "./use-live-sessions";

function NsTime({ ns }: { ns: string | null }) {
  return ns === null ? <span className="text-zinc-400">—</span> : <Time ms={nsToMillis(BigInt(ns))} />;
}

/** Every agent session that sent graph deltas, live. */
export function SessionsView() {
  const [filters] = useQueryStates(sessionFilterParsers);
  const query = useInfiniteQuery(sessionsQuery(filters));
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  useLiveSessions(filters, query.data?.pages[0]?.seq);
  const filtered = filters.state !== null || (filters.q ?? "") !== "";

  return (
    <div>
      <SessionFilterBar />
      {query.isPending ? (
        <p role="status">Loading sessions…</p>
      ) : query.error && rows.length === 0 ? (
        <Notice tone="error" title="Could not load the sessions">
          {query.error.message}
        </Notice>
      ) : rows.length === 0 ? (
        <Notice tone="info" title={filtered ? "No session matches these filters" : "No agent session yet"}>
          {filtered
            ? "Clear a filter to see more."
            : "Sessions appear here as soon as an agent publishes GraphDelta events on smith.events.graph.<session>."}
        </Notice>
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">Agent sessions</caption>
          <thead className="text-left text-xs uppercase text-zinc-500">
            <tr>
              <th className="py-2 font-medium">Session</th>
              <th className="font-medium">State</th>
              <th className="font-medium">Nodes by status</th>
              <th className="text-right font-medium">Nodes</th>
              <th className="text-right font-medium">Edges</th>
              <th className="pl-4 font-medium">First activity</th>
              <th className="font-medium">Last activity</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.sessionId} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-2 pr-3">
                  {/* Not prefetched: a prefetch renders the session page, its graph and layout, per row shown. */}
                  <Link prefetch={false} className="font-medium underline-offset-2 hover:underline" href={`/sessions/${encodeURIComponent(s.sessionId)}`} aria-label={`Session ${s.sessionId}`}>
                    {s.title ?? "untitled session"}
                  </Link>
                  <div className="font-mono text-xs text-zinc-500" title={s.sessionId}>
                    {s.sessionId.slice(0, 8)}… · {s.source === "planner" ? `planner workflow · ${formatCount(s.deltas)} events` : `${formatCount(s.deltas)} deltas`}
                  </div>
                </td>
                <td>
                  <Badge look={lookFor(SESSION_STATE_LOOKS, s.state)} />
                </td>
                <td>
                  <StatusBar counts={s.statusCounts} />
                </td>
                <td className="text-right tabular-nums">{formatCount(s.nodes)}</td>
                <td className="text-right tabular-nums">{formatCount(s.edges)}</td>
                <td className="pl-4 text-xs">
                  <NsTime ns={s.firstNs} />
                </td>
                <td className="text-xs">
                  <NsTime ns={s.lastNs} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.hasNextPage ? (
        <button
          type="button"
          className="mt-3 rounded-md border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? "Loading…" : "Load more sessions"}
        </button>
      ) : null}
    </div>
  );
}
