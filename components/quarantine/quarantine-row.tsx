"use client";

import { useState } from "react";
import type { QuarantineItem } from "@/lib/contract/quarantine";
import { formatBytes } from "../ui/format";
import { Time } from "../ui/time-zone";

/** The payload as escaped text: never interpreted, whatever it holds. */
function escaped(raw: string): string {
  return JSON.stringify(raw).slice(1, -1);
}

export function QuarantineRow({ item }: { item: QuarantineItem }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <tr className="border-t border-zinc-100 align-top dark:border-zinc-900">
        <td className="py-1 pr-3 text-xs tabular-nums"><Time ms={item.receivedMs} /></td>
        <td className="py-1 pr-3 font-mono text-xs break-all">{item.subject}</td>
        <td className="py-1 pr-3 text-xs whitespace-nowrap">{item.stream} #{item.seq}</td>
        <td className="py-1 pr-3 text-sm">{item.reason}</td>
        <td className="py-1 pr-3 text-right text-xs tabular-nums">
          {formatBytes(item.size)}
          {item.truncated ? " (kept first 64 KB)" : ""}
        </td>
        <td className="py-1">
          <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)} className="text-xs underline">
            {open ? "Hide payload" : "Show payload"}
          </button>
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={6} className="pb-3">
            {item.rawRedacted ? <p className="text-xs text-zinc-500">Raw payloads are visible to auditors; your role is viewer.</p> : null}
            <pre hidden={item.rawRedacted === true} aria-label={`Payload of ${item.subject} #${item.seq}`} className="max-h-64 overflow-auto rounded bg-zinc-100 p-2 text-xs whitespace-pre-wrap break-all dark:bg-zinc-900">
              {escaped(item.raw.slice(0, 16_384))}
              {item.raw.length > 16_384 ? "…" : ""}
            </pre>
            {item.rawBase64 ? <p className="text-xs text-zinc-500">Not valid UTF-8: invalid bytes shown as U+FFFD.</p> : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}
