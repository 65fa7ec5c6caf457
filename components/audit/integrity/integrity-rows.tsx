"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { lookFor, SIGNATURE_LOOKS } from "@/components/ui/status-looks";
import { Time } from "@/components/ui/time-zone";
import { integrityRowsQuery, type IntegrityRange } from "@/lib/queries/integrity";
import type { IntegrityKind, IntegrityRow } from "@/lib/contract/integrity";
import { INTEGRITY_LABELS } from "./integrity-labels";

const NS_PER_MS = 1_000_000n;

/** What put the row in the list, in one line. */
function evidence(kind: IntegrityKind, r: IntegrityRow): string {
  switch (kind) {
    case "digest-mismatch":
      return `intent ${r.intentDigest ?? "?"} ≠ runner ${r.resultDigest ?? "?"}`;
    case "ttl-expired": {
      if (!r.startedAtNs) return "";
      const late = (BigInt(r.startedAtNs) - BigInt(r.expiresAtNs)) / NS_PER_MS;
      return `started ${late.toString()} ms after it expired (TTL ${r.ttlMs} ms)`;
    }
    case "no-audit":
      return `result ${r.resultStatus ?? r.status}, no audit event`;
    case "no-result":
      return `no result; expired ${new Date(Number(BigInt(r.expiresAtNs) / NS_PER_MS)).toISOString()} (TTL ${r.ttlMs} ms)`;
    case "conflicting-copies":
      return `${r.conflictingCopies} more ${r.conflictingCopies === 1 ? "copy" : "copies"} with other bytes; the list shows the first, ${r.signatureState}`;
    default:
      return r.signer === "" ? "no signer" : `signer ${r.signer}`;
  }
}

export function IntegrityRows({ kind, range }: { kind: IntegrityKind; range: IntegrityRange }) {
  const query = useInfiniteQuery(integrityRowsQuery(range, kind));
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const { label } = INTEGRITY_LABELS[kind];
  return (
    <section aria-label={`${label} intents`} className="flex flex-col gap-2">
      <h2 className="text-base font-semibold">{label}: the intents</h2>
      {query.isPending ? (
        <p role="status">Loading the intents…</p>
      ) : query.isError && items.length === 0 ? (
        <Notice tone="error" title="Could not load the intents">
          {query.error.message}
        </Notice>
      ) : items.length === 0 ? (
        <p role="status" className="text-sm text-zinc-500">
          None in this range.
        </p>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{label}: the intents</caption>
          <thead className="text-xs uppercase text-zinc-500">
            <tr>
              <th scope="col" className="py-1 pr-3">Created</th>
              <th scope="col" className="py-1 pr-3">Intent</th>
              <th scope="col" className="py-1 pr-3">Capability</th>
              <th scope="col" className="py-1 pr-3">Signature</th>
              <th scope="col" className="py-1">Why it is listed</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="py-1 pr-3 whitespace-nowrap">
                  <Time ms={r.createdMs} />
                </td>
                <td className="py-1 pr-3 font-mono text-xs">
                  <Link href={`/intents/${encodeURIComponent(r.id)}`} prefetch={false} className="text-sky-700 hover:underline dark:text-sky-400" aria-label={`Intent ${r.id}`}>
                    {r.id}
                  </Link>
                </td>
                <td className="py-1 pr-3">{r.capability}</td>
                <td className="py-1 pr-3">
                  <Badge look={lookFor(SIGNATURE_LOOKS, r.signatureState)} />
                </td>
                <td className="py-1 break-all text-xs">{evidence(kind, r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.hasNextPage ? (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} className="self-start rounded border px-3 py-1 text-sm">
          {query.isFetchingNextPage ? "Loading…" : "Load older"}
        </button>
      ) : null}
    </section>
  );
}
