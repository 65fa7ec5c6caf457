"use client";

import { createContext, useContext, useEffect, useState } from "react";
import type { IntentListRow } from "@/lib/contract/intents";
import {
  DEFAULT_NO_RESULT_GRACE_MS,
  noResultAtMs,
  reportedAs,
  shownStatus,
} from "@/lib/contract/intent-outcome";
import { Badge } from "../ui/badge";
import { EXECUTION_LOOKS, lookFor } from "../ui/status-looks";

/** The server's grace after the TTL (PILOT_NO_RESULT_GRACE_SECONDS), given by the page. */
export const NoResultGrace = createContext(DEFAULT_NO_RESULT_GRACE_MS);

/** Longest timer the browser keeps exactly (setTimeout's limit, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The status to show now. A row arrives with the server's verdict as of its answer (or,
 * live, as pending); a pending row turns into "no result" by itself when its expiry +
 * grace passes while on screen: one timer per pending row rendered, none for the others.
 */
export function useShownStatus(
  row: Pick<IntentListRow, "status" | "expiresAtNs">,
): IntentListRow["status"] {
  const grace = useContext(NoResultGrace);
  const at = row.status === "pending" ? noResultAtMs(row.expiresAtNs, grace) : null;
  const [passed, setPassed] = useState<number | null>(null);
  useEffect(() => {
    if (at === null) return;
    const wait = at - Date.now();
    const t = setTimeout(() => setPassed(at), Math.min(Math.max(wait, 0), MAX_TIMER_MS));
    return () => clearTimeout(t);
  }, [at]);
  return passed !== null && passed === at ? shownStatus(row, at, grace) : row.status;
}

/**
 * The outcome as a badge; a derived one says how the result put it ("timeout", reported
 * as error / EXECUTION_OTHER), a missing one why it may be missing.
 */
export function StatusBadge({
  row,
  compact,
}: {
  row: Pick<IntentListRow, "status" | "expiresAtNs" | "resultStatus" | "errorCode">;
  compact?: boolean;
}) {
  const status = useShownStatus(row);
  const reported = reportedAs({ ...row, status });
  if (reported) {
    const text = `reported as ${reported}`;
    return (
      <span className="flex min-w-0 items-center gap-1" title={`${status} (${text})`}>
        <Badge look={lookFor(EXECUTION_LOOKS, status)} title={`${status} (${text})`} />
        <span className="truncate text-xs text-zinc-500">
          {compact ? `(${reported})` : `(${text})`}
        </span>
      </span>
    );
  }
  if (status === "no-result")
    return (
      <Badge
        look={lookFor(EXECUTION_LOOKS, status)}
        title="no result: rejected at admission or lost"
      />
    );
  return <Badge look={lookFor(EXECUTION_LOOKS, row.resultStatus ?? status)} />;
}
