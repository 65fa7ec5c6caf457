"use client";

import { useQuery } from "@tanstack/react-query";
import { healthQuery } from "@/lib/queries/health";
import { useLiveStatus } from "../live/live-provider";
import { Notice } from "../ui/notice";
import { AlertsEngineSection } from "./alerts-engine-section";
import { EvidenceKeySection } from "./evidence-key-section";
import { IngestSection } from "./ingest-section";
import { PlatformSection } from "./platform-section";
import { PolicyChangesSection } from "./policy-changes-section";
import { StreamsTable } from "./streams-table";

export function HealthView() {
  const { data, error, isPending, dataUpdatedAt } = useQuery(healthQuery);
  const live = useLiveStatus();
  if (isPending) return <p role="status">Reading streams from NATS…</p>;
  if (!data) return <Notice tone="error" title="Could not read health">{error?.message}</Notice>;
  const pilotStreams = data.streams.filter((s) => s.pilotTopology);
  const others = data.streams.filter((s) => !s.pilotTopology);
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="conn-h" className="grid gap-3 sm:grid-cols-3">
        <h2 id="conn-h" className="sr-only">Connections</h2>
        <Fact label="Server → NATS" value={data.nats.connected ? `connected (nats-server ${data.nats.serverVersion ?? "?"})` : "unreachable"} />
        <Fact label="Browser → NATS (WebSocket)" value={live.status} />
        <Fact
          label="Signature trust list"
          value={data.trustList.configured ? `${data.trustList.keys} trusted signer key(s)` : "not set: any valid signature counts as verified"}
        />
      </section>
      {data.nats.error ? (
        <Notice tone="error" title={`NATS at ${data.nats.url} is unreachable`}>{data.nats.error}</Notice>
      ) : null}
      {error ? <Notice tone="warn" title="Refresh failed; showing the last good reading">{error.message}</Notice> : null}
      {data.missingStreams.length > 0 && data.nats.connected ? (
        <Notice tone="warn" title="Streams of Pilot's topology missing on this server">
          {data.missingStreams.join(", ")} — run <code>npm run streams</code> to create them.
        </Notice>
      ) : null}
      <section aria-labelledby="streams-h">
        <div className="mb-2 flex items-baseline justify-between">
          <h2 id="streams-h" className="font-medium">Streams</h2>
          <p className="text-xs text-zinc-500" suppressHydrationWarning>
            Updated {new Date(dataUpdatedAt).toLocaleTimeString()} · every 2 s
          </p>
        </div>
        {pilotStreams.length === 0 ? (
          <p className="text-sm text-zinc-500">No Pilot streams on this server.</p>
        ) : (
          <StreamsTable streams={pilotStreams} caption="Pilot's streams" />
        )}
      </section>
      {data.nats.connected ? <PlatformSection platform={data.platform} /> : null}
      <IngestSection ingest={data.ingest} index={data.index} />
      <AlertsEngineSection alerts={data.alerts} />
      <EvidenceKeySection evidenceKey={data.evidenceKey} />
      <PolicyChangesSection />
      {others.length > 0 ? (
        <section aria-labelledby="other-h">
          <h2 id="other-h" className="mb-2 font-medium">Other streams on this server</h2>
          <StreamsTable streams={others} caption="Other streams" />
        </section>
      ) : null}
    </div>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <p className="text-xs text-zinc-500">{label}</p>
      <p className="mt-1 text-sm font-medium">{value}</p>
    </div>
  );
}
