"use client";

import { useEffect, useState } from "react";
import { ADMISSION_REJECTIONS, ORPHAN_REASONS } from "@/lib/contract/intent-outcome";
import type { IntentDetail } from "@/lib/contract/intents";
import { Notice } from "../../ui/notice";

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Whether the intent reads "no result" now: the server said so, or its expiry + grace
 * passed while the page was open (the page is not fetched again for that).
 */
export function useNoResult(detail: IntentDetail): boolean {
  const at = detail.ttl.noResultAtMs;
  const [passed, setPassed] = useState<number | null>(null);
  useEffect(() => {
    if (at === null || detail.ttl.state === "no-result") return;
    const t = setTimeout(() => setPassed(at), Math.min(Math.max(at - Date.now(), 0), MAX_TIMER_MS));
    return () => clearTimeout(t);
  }, [at, detail.ttl.state]);
  return detail.result === null && (detail.ttl.state === "no-result" || (at !== null && passed === at));
}

/** No result after TTL + grace: what that means in a Smith deployment. */
export function NoResultNotice() {
  return (
    <Notice tone="warn" title="No result: rejected at admission or lost">
      <p>
        No result arrived within the intent&apos;s TTL and the grace period after it. Smith&apos;s executor
        publishes nothing when its admission pipeline rejects an intent, which happens when:
      </p>
      <ul className="ml-5 list-disc">
        {ADMISSION_REJECTIONS.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <p className="mt-1">
        Or the result was lost: the executor publishes it with core NATS on{" "}
        <span className="font-mono">smith.results.&lt;id&gt;</span>, so it is kept only where a stream covers that
        subject, and only for that stream&apos;s age limit. The executor&apos;s logs say which.
      </p>
    </Notice>
  );
}

/** A result (or audit trail) whose intent Pilot never indexed: why it may be missing. */
export function OrphanNotice() {
  return (
    <Notice tone="warn" title="Pilot never saw this intent">
      <p>A result or audit event names this id, but no intent with it reached Pilot. It may be missing because:</p>
      <ul className="ml-5 list-disc">
        {ORPHAN_REASONS.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <p className="mt-1">The Health page shows, per subject, which stream Pilot reads and since when its history is complete.</p>
    </Notice>
  );
}
