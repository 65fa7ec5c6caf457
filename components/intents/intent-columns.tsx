import Link from "next/link";
import { memo } from "react";
import type { IntentListRow } from "@/lib/contract/intents";
import { Badge, type BadgeLook } from "../ui/badge";
import { DECISION_LOOKS, lookFor, SIGNATURE_LOOKS } from "../ui/status-looks";
import { StatusBadge } from "./intent-status";
import { Time } from "../ui/time-zone";

export const ROW_HEIGHT = 36;
export const GRID = "grid grid-cols-[13rem_9rem_6rem_8rem_9.5rem_7rem_11rem_6rem] gap-3 items-center px-3";

export function IntentHeader() {
  return (
    <div role="row" className={`${GRID} h-9 border-b border-zinc-200 text-xs font-medium uppercase text-zinc-500 dark:border-zinc-800`}>
      {["Time", "Capability", "Domain", "Signer", "Signature", "Policy", "Status", "Duration"].map((h) => (
        <span role="columnheader" key={h}>
          {h}
        </span>
      ))}
    </div>
  );
}

function shortKey(key: string): string {
  return key.length > 12 ? `${key.slice(0, 6)}…${key.slice(-4)}` : key;
}

// A live row's signature is checked as it comes on screen: for that moment, say so.
const CHECKING: BadgeLook = { label: "checking signature", icon: "…", color: "grey" };

/** Memoized on the row object: live patches replace only the rows they change. */
export const IntentCells = memo(function IntentCells({ row }: { row: IntentListRow }) {
  return (
    <>
      <span role="cell" className="truncate tabular-nums">
        {/* No prefetch: while live, rows scroll through the viewport by the hundred a second. */}
        <Link href={`/intents/${encodeURIComponent(row.id)}`} prefetch={false} className="hover:underline" aria-label={`Intent ${row.id}`}>
          <Time ms={row.createdMs} />
        </Link>
      </span>
      <span role="cell" className="truncate font-mono text-xs">{row.capability}</span>
      <span role="cell" className="truncate">{row.domain}</span>
      <span role="cell" className="truncate font-mono text-xs" title={row.signer || "no signer"}>
        {row.signer ? shortKey(row.signer) : "—"}
      </span>
      <span role="cell" className="flex min-w-0 items-center gap-1">
        <Badge look={row.signatureState === null ? CHECKING : lookFor(SIGNATURE_LOOKS, row.signatureState)} />
        {row.conflictingCopies > 0 ? (
          // The list shows the first copy received; the others are on the intent's page.
          <span role="img" aria-label={`${row.conflictingCopies + 1} conflicting versions`} title={`${row.conflictingCopies + 1} versions of this id with different bytes`} className="text-xs font-semibold text-red-700 dark:text-red-400">
            ⚠{row.conflictingCopies + 1}
          </span>
        ) : null}
      </span>
      <span role="cell">
        {row.decision && row.decision !== "none" ? <Badge look={lookFor(DECISION_LOOKS, row.decision)} /> : <span className="text-xs text-zinc-500">—</span>}
      </span>
      <span role="cell" className="min-w-0">
        <StatusBadge row={row} compact />
      </span>
      <span role="cell" className="text-right tabular-nums">
        {row.durationMs === null ? "—" : `${row.durationMs < 10 ? row.durationMs.toFixed(1) : Math.round(row.durationMs)} ms`}
      </span>
    </>
  );
});
