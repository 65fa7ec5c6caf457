import type { IndexHealth, IngestHealth, IngestSourceHealth } from "@/lib/contract/health";
import { formatCount } from "../ui/format";
import { Notice } from "../ui/notice";
import { Time } from "../ui/time-zone";

const STATE_TONE: Record<IngestSourceHealth["state"], string> = {
  starting: "text-zinc-500",
  running: "text-emerald-700 dark:text-emerald-400",
  stopped: "text-zinc-500",
  missing: "text-amber-700 dark:text-amber-400",
  refused: "text-red-700 dark:text-red-400",
  error: "text-red-700 dark:text-red-400",
};

function describeIngest(ingest: IngestHealth): string {
  if (ingest.inProcess) return `${ingest.state} in this server process`;
  // PILOT_INGEST=off: another process (npm run ingest) is expected to run it.
  return ingest.elsewhere ? `running in another process (${ingest.elsewhere})` : "not running (PILOT_INGEST=off: start npm run ingest)";
}

/** Stream names are plain cells: the Streams table above owns the stream row headers. */
export function IngestSection({ ingest, index }: { ingest: IngestHealth; index: IndexHealth }) {
  const tables = Object.entries(index.tables ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section aria-labelledby="ingest-h" className="flex flex-col gap-3">
      <h2 id="ingest-h" className="font-medium">Ingest into the history index</h2>
      <p className="text-sm">
        Ingest: <span className="font-medium">{describeIngest(ingest)}</span>
        <span className="text-zinc-500"> · index {index.path}</span>
      </p>
      {ingest.lastError ? <Notice tone="warn" title="Last ingest error">{ingest.lastError}</Notice> : null}
      {index.error ? <Notice tone="error" title="The index cannot be read">{index.error}</Notice> : null}
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Ingest sources</caption>
        <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-500 dark:border-zinc-800">
          <tr>
            <th scope="col" className="py-2 pr-4">Source</th>
            <th scope="col" className="py-2 pr-4">State</th>
            <th scope="col" className="py-2 pr-4 text-right">Applied seq</th>
            <th scope="col" className="py-2 pr-4 text-right">Consumer lag</th>
            <th scope="col" className="py-2 pr-4 text-right">Rate</th>
            <th scope="col" className="py-2 pr-4 text-right">Quarantined</th>
            <th scope="col" className="py-2">Notes</th>
          </tr>
        </thead>
        <tbody>
          {ingest.sources.map((s) => (
            <tr key={s.stream} className="border-b border-zinc-100 align-top dark:border-zinc-900">
              <td className="py-2 pr-4 font-mono font-medium">{s.stream}</td>
              <td className={`py-2 pr-4 ${STATE_TONE[s.state]}`} aria-label={`${s.stream} ingest state`}>{s.state}</td>
              <td className="py-2 pr-4 text-right tabular-nums" aria-label={`${s.stream} applied seq`}>
                {formatCount(s.lastAppliedSeq)}
                {s.streamLastSeq !== null ? <span className="text-zinc-500"> / {formatCount(s.streamLastSeq)}</span> : null}
              </td>
              <td className="py-2 pr-4 text-right tabular-nums" aria-label={`${s.stream} consumer lag`}>
                {s.lag === null ? "—" : formatCount(s.lag)}
              </td>
              <td className="py-2 pr-4 text-right tabular-nums">{s.rate === null ? "—" : `${formatCount(Math.round(s.rate))}/s`}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{s.quarantined === null ? "—" : formatCount(s.quarantined)}</td>
              <td className="max-w-md py-2 text-xs">
                {s.lastError ? (
                  <p className="text-red-700 dark:text-red-400">
                    {s.lastError}
                    {s.lastErrorAt ? <span className="text-zinc-500"> ({s.lastErrorAt.slice(11, 19)} UTC)</span> : null}
                  </p>
                ) : null}
                {s.note ? <p className="text-amber-700 dark:text-amber-400">{s.note}</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="w-full max-w-sm text-left text-sm">
        <caption className="mb-1 text-left text-xs text-zinc-500">
          <span className="uppercase">Index rows</span>
          {index.countedAt ? (
            // A large index is counted less often than the page polls (see table-counter.ts).
            <span> · counted <Time ms={Date.parse(index.countedAt)} withMillis={false} /></span>
          ) : null}
        </caption>
        <tbody>
          {tables.map(([name, rows]) => (
            <tr key={name} className="border-b border-zinc-100 dark:border-zinc-900">
              <td className="py-1 pr-4 font-mono text-xs">{name}</td>
              <td className="py-1 text-right tabular-nums" aria-label={`${name} rows`}>{formatCount(rows)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
