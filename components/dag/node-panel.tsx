"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { nsToMillis } from "@/lib/protocol/primitives";
import { intentDetailQuery } from "@/lib/queries/intent-detail";
import { nodeHistoryQuery } from "@/lib/queries/sessions";
import type { GraphNodeItem } from "@/lib/contract/sessions";
import { Badge } from "../ui/badge";
import { DECISION_LOOKS, EXECUTION_LOOKS, lookFor, NODE_LOOKS, SIGNATURE_LOOKS } from "../ui/status-looks";
import { Time } from "../ui/time-zone";

function NsTime({ ns }: { ns: string | null }) {
  return ns === null ? <span>time unknown</span> : <Time ms={nsToMillis(BigInt(ns))} />;
}

function IntentSummary({ intentId }: { intentId: string }) {
  const { data, error, isPending } = useQuery(intentDetailQuery(intentId));
  const href = `/intents/${encodeURIComponent(intentId)}`;
  if (isPending) return <p role="status">Loading the intent…</p>;
  if (!data) return <p>{error?.message.includes("404") ? "The intent has not reached the index (yet)." : `Could not load the intent: ${error?.message}`}</p>;
  return (
    <div className="flex flex-col gap-2">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="text-zinc-500">Capability</dt>
        <dd className="font-mono">{data.intent?.capability ?? "not received"}</dd>
        <dt className="text-zinc-500">Signature</dt>
        <dd>{data.signature ? <Badge look={lookFor(SIGNATURE_LOOKS, data.signature.state)} /> : "—"}</dd>
        <dt className="text-zinc-500">Policy</dt>
        <dd className="flex flex-wrap gap-1">
          {data.policyDecisions.length === 0
            ? "no decision yet"
            : data.policyDecisions.map((d, i) => <Badge key={i} look={lookFor(DECISION_LOOKS, d.decision)} title={`${d.ruleName}: ${d.reason}`} />)}
        </dd>
        <dt className="text-zinc-500">Result</dt>
        <dd>{data.result ? <Badge look={lookFor(EXECUTION_LOOKS, data.result.statusNorm)} /> : "no result yet"}</dd>
        <dt className="text-zinc-500">Audit</dt>
        <dd>{data.auditEvents.length} event(s)</dd>
      </dl>
      <Link className="underline" href={href}>
        Open the chain of custody
      </Link>
    </div>
  );
}

/** The selected node: what it is, how its state changed over time, and the intent it ran. */
export function NodePanel({ sessionId, node, onClose }: { sessionId: string; node: GraphNodeItem; onClose: () => void }) {
  const history = useQuery(nodeHistoryQuery(sessionId, node.id));
  const meta = Object.entries(node.metadata);
  return (
    <aside aria-label="Selected node" className="flex w-80 shrink-0 flex-col gap-4 overflow-y-auto border-l border-zinc-200 p-4 text-sm dark:border-zinc-800">
      <div className="flex items-start justify-between gap-2">
        <h2 className="break-words font-semibold">{node.label}</h2>
        <button type="button" aria-label="Close the node panel" className="rounded px-1 text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800" onClick={onClose}>
          ✕
        </button>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {node.status !== null ? <Badge look={lookFor(NODE_LOOKS, node.status)} /> : <span className="text-zinc-500">no status</span>}
        <span className="font-mono text-xs">{node.nodeType}</span>
      </div>
      <p className="break-all font-mono text-xs text-zinc-500">{node.id}</p>
      <section aria-label="Metadata">
        <h3 className="mb-1 text-xs font-semibold uppercase text-zinc-500">Metadata</h3>
        {meta.length === 0 ? (
          <p className="text-zinc-500">none</p>
        ) : (
          <table className="w-full text-xs">
            <tbody>
              {meta.map(([k, v]) => (
                <tr key={k} className="border-t border-zinc-100 dark:border-zinc-800">
                  <th scope="row" className="py-1 pr-2 text-left align-top font-mono font-normal text-zinc-500">
                    {k}
                  </th>
                  <td className="break-all py-1 font-mono">{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-label="Timeline of this node">
        <h3 className="mb-1 text-xs font-semibold uppercase text-zinc-500">Timeline</h3>
        {history.isPending ? (
          <p role="status">Loading…</p>
        ) : !history.data ? (
          <p>Could not load the node’s history: {history.error?.message}</p>
        ) : (
          <ol className="flex flex-col gap-1 text-xs">
            {history.data.versions.map((v) => (
              <li key={v.seq} className="flex flex-wrap items-center gap-2">
                <NsTime ns={v.publishedNs} />
                {v.status !== null ? <Badge look={lookFor(NODE_LOOKS, v.status)} /> : <span>no status</span>}
                <span className="text-zinc-500">seq {v.seq}</span>
              </li>
            ))}
            {history.data.removals.map((r) => (
              <li key={`r${r.seq}`} className="flex flex-wrap items-center gap-2">
                <NsTime ns={r.publishedNs} /> removed from the graph <span className="text-zinc-500">seq {r.seq}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-label="Intent">
        <h3 className="mb-1 text-xs font-semibold uppercase text-zinc-500">Intent</h3>
        {node.intentId ? <IntentSummary intentId={node.intentId} /> : <p className="text-zinc-500">This node is not linked to an intent (no metadata.intent_id).</p>}
      </section>
    </aside>
  );
}
