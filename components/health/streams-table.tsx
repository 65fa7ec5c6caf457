import type { StreamHealth } from "@/lib/contract/health";
import { formatBytes, formatCount } from "../ui/format";
import { Time } from "../ui/time-zone";

const RETENTION_NOTE: Record<StreamHealth["retention"], string | null> = {
  limits: null,
  interest: "Interest retention: Pilot's index is the only lasting copy; it cannot be rebuilt from this stream.",
  workqueue: "WorkQueue retention: Pilot never consumes from it (its acks would take work from executors).",
};

export function StreamsTable({ streams, caption }: { streams: readonly StreamHealth[]; caption: string }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-500 dark:border-zinc-800">
        <tr>
          <th scope="col" className="py-2 pr-4">Stream</th>
          <th scope="col" className="py-2 pr-4">Subjects</th>
          <th scope="col" className="py-2 pr-4">Retention</th>
          <th scope="col" className="py-2 pr-4 text-right">Messages</th>
          <th scope="col" className="py-2 pr-4 text-right">Size</th>
          <th scope="col" className="py-2 pr-4 text-right">Last seq</th>
          <th scope="col" className="py-2 pr-4">Last message</th>
          <th scope="col" className="py-2 text-right">Consumers</th>
        </tr>
      </thead>
      <tbody>
        {streams.map((s) => (
          <tr key={s.name} className="border-b border-zinc-100 align-top dark:border-zinc-900">
            <th scope="row" className="py-2 pr-4 font-mono font-medium">{s.name}</th>
            <td className="py-2 pr-4 font-mono text-xs">{s.subjects.join(", ")}</td>
            <td className="py-2 pr-4">
              {s.retention}
              {RETENTION_NOTE[s.retention] ? (
                <p className="mt-1 max-w-xs text-xs text-amber-700 dark:text-amber-400">{RETENTION_NOTE[s.retention]}</p>
              ) : null}
            </td>
            <td className="py-2 pr-4 text-right tabular-nums" aria-label={`${s.name} messages`}>
              {formatCount(s.messages)}
            </td>
            <td className="py-2 pr-4 text-right tabular-nums">{formatBytes(s.bytes)}</td>
            <td className="py-2 pr-4 text-right tabular-nums">{formatCount(s.lastSeq)}</td>
            <td className="py-2 pr-4 text-xs tabular-nums">{s.lastMessageAt ? <Time ms={Date.parse(s.lastMessageAt)} withMillis={false} /> : "—"}</td>
            <td className="py-2 text-right tabular-nums">{s.consumers}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
