"use client";

import { useQuery } from "@tanstack/react-query";
import { healthQuery } from "@/lib/queries/health";
import { StreamsTable } from "../health/streams-table";
import { Notice } from "../ui/notice";

/** The streams a view is built from, with their live counts. */
export function StreamSummary({ streams }: { streams: readonly string[] }) {
  const { data, error, isPending } = useQuery(healthQuery);
  if (isPending) return <p role="status">Reading streams from NATS…</p>;
  if (!data || !data.nats.connected) {
    return <Notice tone="error" title="NATS is unreachable">{data?.nats.error ?? error?.message}</Notice>;
  }
  const rows = data.streams.filter((s) => streams.includes(s.name));
  const missing = streams.filter((n) => !rows.some((r) => r.name === n));
  return (
    <section aria-labelledby="sources-h" className="flex flex-col gap-3">
      <h2 id="sources-h" className="font-medium">Sources</h2>
      {rows.length > 0 ? <StreamsTable streams={rows} caption="Streams behind this view" /> : null}
      {missing.length > 0 ? (
        <Notice tone="warn" title="Missing on this server">{missing.join(", ")}</Notice>
      ) : null}
    </section>
  );
}
