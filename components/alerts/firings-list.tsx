"use client";

import { useState } from "react";
import type { FiringView } from "@/lib/contract/alerts";
import { Time } from "../ui/time-zone";
import { button, field } from "./send";

function Ack({ firing, onAck }: { firing: FiringView; onAck: (id: string, comment: string) => Promise<boolean> }) {
  const [busy, setBusy] = useState(false);
  return (
    <form
      aria-label={`Acknowledge ${firing.id}`}
      className="flex gap-2"
      action={async (form) => {
        setBusy(true);
        await onAck(firing.id, String(form.get("comment") ?? ""));
        setBusy(false);
      }}
    >
      <input name="comment" required maxLength={2000} aria-label="Comment" placeholder="what was done" className={`${field} flex-1`} />
      <button type="submit" className={button} disabled={busy}>
        Acknowledge
      </button>
    </form>
  );
}

/** Firings, newest first, each with its delivery log (every attempt, its answer and time) and acknowledgements. */
export function FiringsList({ firings, onAck }: { firings: FiringView[]; onAck: (id: string, comment: string) => Promise<boolean> }) {
  if (firings.length === 0) return <p className="text-sm text-zinc-500">No rule has fired yet.</p>;
  return (
    <ul aria-label="Firings" className="flex flex-col gap-3">
      {firings.map((f) => (
        <li key={f.id} className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
          <div className="flex flex-wrap items-baseline gap-2">
            <strong>{f.ruleName}</strong>
            <span className="text-xs text-zinc-500">
              <Time ms={f.firedMs} withMillis={false} /> · {f.kind} · {f.replica}
            </span>
            {f.acks.length > 0 ? <span className="rounded bg-emerald-100 px-1.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">acknowledged</span> : null}
          </div>
          <p>{f.summary}</p>
          {f.deliveries.length > 0 ? (
            <table aria-label={`Deliveries of ${f.id}`} className="mt-2 w-full text-xs">
              <thead>
                <tr className="text-left text-zinc-500">
                  <th>Attempt</th>
                  <th>When</th>
                  <th>Target</th>
                  <th>Status</th>
                  <th>Latency</th>
                  <th>Outcome</th>
                  <th>Answer</th>
                </tr>
              </thead>
              <tbody>
                {f.deliveries.map((d) => (
                  <tr key={`${d.attempt}-${d.atMs}`} className="border-t border-zinc-200 dark:border-zinc-800">
                    <td>{d.attempt}</td>
                    <td>
                      <Time ms={d.atMs} withMillis={false} />
                    </td>
                    <td className="font-mono">{d.target}</td>
                    <td>{d.status ?? "—"}</td>
                    <td>{d.latencyMs} ms</td>
                    <td>{d.outcome}</td>
                    <td className="max-w-md truncate font-mono" title={d.error ?? d.body}>
                      {d.error ?? d.body}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {f.acks.map((a) => (
            <p key={`${a.by}-${a.atMs}`} className="mt-1 text-xs">
              Acknowledged by <strong>{a.by}</strong> <Time ms={a.atMs} withMillis={false} />: {a.comment}
            </p>
          ))}
          <div className="mt-2">
            <Ack firing={f} onAck={onAck} />
          </div>
        </li>
      ))}
    </ul>
  );
}
