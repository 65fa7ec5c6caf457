import type { PlatformHealth, PlatformStream } from "@/lib/contract/health";
import { formatBytes, formatCount } from "../ui/format";
import { Notice } from "../ui/notice";
import { Time } from "../ui/time-zone";

const READ_TEXT: Record<PlatformStream["read"], string> = {
  ingest: "Pilot's own stream: read by ingest",
  copy: "copied into PILOT_CAPTURE by Pilot's durable consumer",
  watch: "WorkQueue: never consumed; captured from a core subscription, waiting messages read by sequence",
};

function limits(s: PlatformStream): string {
  const parts: string[] = [];
  if (s.maxAgeSeconds > 0) parts.push(s.maxAgeSeconds >= 3600 ? `${+(s.maxAgeSeconds / 3600).toFixed(1)} h` : `${+(s.maxAgeSeconds / 60).toFixed(1)} min`);
  if (s.maxMsgs > 0) parts.push(`${formatCount(s.maxMsgs)} msgs`);
  if (s.maxBytes > 0) parts.push(formatBytes(s.maxBytes));
  return parts.length > 0 ? parts.join(" · ") : "no limits";
}

function lastingNote(s: PlatformStream): string | null {
  if (s.pilotOwn) return null;
  if (s.retention === "interest") return "Interest: Pilot's copy consumer holds each message until it is copied; Pilot's streams are the lasting record.";
  return "Not a lasting record: Pilot's streams keep what it copied.";
}

/**
 * Per platform subject family: the streams that hold it on this server, how Pilot reads
 * each, since when Pilot's history is complete, and the gaps capture found.
 */
export function PlatformSection({ platform }: { platform: PlatformHealth }) {
  const byName = new Map(platform.streams.map((s) => [s.name, s]));
  return (
    <section aria-labelledby="platform-h" className="flex flex-col gap-3">
      <h2 id="platform-h" className="font-medium">What Pilot reads from the platform</h2>
      {platform.error ? <Notice tone="error" title="Discovery failed">{platform.error}</Notice> : null}
      {platform.capture ? (
        <p className="text-sm">
          Capture in this process: <span className="font-medium">{platform.capture.state}</span>
          <span className="text-zinc-500">
            {" "}
            · {formatCount(platform.capture.captured)} captured live · {formatCount(platform.capture.copied)} copied · {formatCount(platform.capture.recovered)} read by sequence
            {platform.capture.liveSince ? (
              <>
                {" "}
                · live since <Time ms={Date.parse(platform.capture.liveSince)} withMillis={false} />
              </>
            ) : null}
          </span>
        </p>
      ) : null}
      {platform.capture?.lost ? (
        <Notice tone="error" title={`${formatCount(platform.capture.lost)} captured message(s) could not be stored`}>{platform.capture.lastError}</Notice>
      ) : null}
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Subject families and the streams that hold them</caption>
        <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-500 dark:border-zinc-800">
          <tr>
            <th scope="col" className="py-2 pr-4">Subjects</th>
            <th scope="col" className="py-2 pr-4">Stream</th>
            <th scope="col" className="py-2 pr-4">Retention and limits</th>
            <th scope="col" className="py-2 pr-4">How Pilot reads it</th>
            <th scope="col" className="py-2">History complete since</th>
          </tr>
        </thead>
        <tbody>
          {platform.families.map((f) => {
            const rows = f.streams.map((n) => byName.get(n)).filter((s): s is PlatformStream => s !== undefined);
            const span = rows.length + (f.liveCapture ? 1 : 0);
            return [
              ...rows.map((s, i) => (
                <tr key={`${f.id}-${s.name}`} className="border-b border-zinc-100 align-top dark:border-zinc-900" aria-label={`${f.label}: ${s.name}`}>
                  {i === 0 ? (
                    <th scope="rowgroup" rowSpan={span} className="py-2 pr-4 font-medium">
                      {f.label}
                      <p className="font-mono text-xs font-normal text-zinc-500">{f.subject}</p>
                    </th>
                  ) : null}
                  <td className="py-2 pr-4 font-mono">{s.name}<p className="text-xs text-zinc-500">{s.subjects.join(", ")}</p></td>
                  <td className="py-2 pr-4">
                    {s.retention} · {limits(s)}
                    {lastingNote(s) ? <p className="mt-1 max-w-xs text-xs text-amber-700 dark:text-amber-400">{lastingNote(s)}</p> : null}
                  </td>
                  <td className="py-2 pr-4 text-xs">{READ_TEXT[s.read]}</td>
                  <td className="py-2 text-xs tabular-nums">
                    {s.completeSince ? <Time ms={Date.parse(s.completeSince)} withMillis={false} /> : "—"}
                    {s.before ? <p className="text-zinc-500">{formatCount(s.before)} earlier message(s) were consumed before Pilot first watched it</p> : null}
                  </td>
                </tr>
              )),
              f.liveCapture ? (
                <tr key={`${f.id}-live`} className="border-b border-zinc-100 align-top dark:border-zinc-900" aria-label={`${f.label}: live capture`}>
                  {rows.length === 0 ? (
                    <th scope="rowgroup" className="py-2 pr-4 font-medium">
                      {f.label}
                      <p className="font-mono text-xs font-normal text-zinc-500">{f.subject}</p>
                    </th>
                  ) : null}
                  <td className="py-2 pr-4 text-zinc-500">{rows.length === 0 ? "none" : "the rest of these subjects: none"}</td>
                  <td className="py-2 pr-4 text-xs text-zinc-500">kept by no stream of the platform</td>
                  <td className="py-2 pr-4 text-xs">captured live into PILOT_CAPTURE while a Pilot is connected</td>
                  <td className="py-2 text-xs tabular-nums">
                    {platform.capture?.liveSince ? <Time ms={Date.parse(platform.capture.liveSince)} withMillis={false} /> : "while connected"}
                  </td>
                </tr>
              ) : null,
            ];
          })}
        </tbody>
      </table>
      <GapList gaps={platform.gaps} />
    </section>
  );
}

function GapList({ gaps }: { gaps: PlatformHealth["gaps"] }) {
  if (gaps.length === 0) return <p className="text-sm text-zinc-500">No gaps: capture has seen everything since it began.</p>;
  return (
    <div role="region" aria-label="Capture gaps">
      <Notice tone="warn" title={`${gaps.length} gap(s) in Pilot's history`}>
        <ul className="flex flex-col gap-1">
          {gaps.map((g) => (
            <li key={`${g.stream}-${g.fromSeq ?? g.from}`}>
              <span className="font-mono">{g.stream}</span>
              {g.count !== null ? ` · ${formatCount(g.count)} message(s)` : ""}
              {g.fromSeq !== null ? ` (seq ${g.fromSeq}–${g.toSeq ?? "?"})` : ""} · between <Time ms={Date.parse(g.from)} withMillis={false} /> and{" "}
              <Time ms={Date.parse(g.to)} withMillis={false} />: {g.reason}
            </li>
          ))}
        </ul>
      </Notice>
    </div>
  );
}
