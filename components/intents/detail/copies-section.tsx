"use client";

import { useMemo } from "react";
import { differingFields } from "@/lib/contract/intent-copies";
import type { IntentDetail } from "@/lib/contract/intents";
import { Badge } from "../../ui/badge";
import { Section } from "../../ui/facts";
import { Notice } from "../../ui/notice";
import { lookFor, SIGNATURE_LOOKS } from "../../ui/status-looks";
import { Time } from "../../ui/time-zone";

interface Version {
  label: string;
  stream: string;
  seq: number;
  state: string;
  reason: string;
  digest: string | null;
  atMs: number | null;
  raw: string;
  differs: string[] | null;
}

function nsToMs(ns: string | null): number | null {
  return ns === null ? null : Number(BigInt(ns) / 1_000_000n);
}

/**
 * Every version of an intent id that arrived with different bytes: a redelivery is
 * byte-identical, so a second version is an anomaly (a tampered copy, or a producer
 * reusing ids). The list shows the first received; each version has its own verdict.
 */
export function CopiesSection({ detail }: { detail: IntentDetail }) {
  const intent = detail.intent;
  const versions = useMemo((): Version[] => {
    if (!intent || detail.copies.length === 0) return [];
    const first: Version = {
      label: "1 (shown in the list)",
      stream: intent.stream,
      seq: intent.seq,
      state: detail.signature?.state ?? intent.signatureState,
      reason: detail.signature?.reason ?? "",
      digest: intent.capabilityDigest,
      atMs: null,
      raw: intent.raw,
      differs: [],
    };
    return [
      first,
      ...detail.copies.map((c, i) => ({
        label: String(i + 2),
        stream: c.stream,
        seq: c.seq,
        state: c.signature.state,
        reason: c.signature.reason,
        digest: c.capabilityDigest,
        atMs: nsToMs(c.publishedAtNs) ?? c.receivedMs,
        raw: c.raw,
        differs: differingFields(intent.raw, c.raw),
      })),
    ];
  }, [intent, detail.copies, detail.signature]);
  if (versions.length === 0) return null;
  return (
    <Section title="Versions of this intent id">
      <Notice tone="error" title={`Integrity alarm: this intent id arrived in ${versions.length} versions with different bytes`}>
        A redelivery repeats the same bytes; these differ. Every version is kept with its own signature verdict. The Intents
        list and the sections below show version 1, the first received.
      </Notice>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Versions of this intent id</caption>
        <thead className="text-xs uppercase text-zinc-500">
          <tr>
            <th scope="col" className="py-1 pr-3">Version</th>
            <th scope="col" className="py-1 pr-3">Signature</th>
            <th scope="col" className="py-1 pr-3">Stream</th>
            <th scope="col" className="py-1 pr-3">Received</th>
            <th scope="col" className="py-1">Differs from version 1 in</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={`${v.stream}/${v.seq}`} className="border-t border-zinc-100 align-top dark:border-zinc-800">
              <th scope="row" className="py-1 pr-3 font-medium">{v.label}</th>
              <td className="py-1 pr-3">
                <Badge look={lookFor(SIGNATURE_LOOKS, v.state)} />
                <div className="text-xs text-zinc-500">{v.reason}</div>
              </td>
              <td className="py-1 pr-3">
                <div className="whitespace-nowrap">{`${v.stream} #${v.seq}`}</div>
                <div className="break-all font-mono text-xs text-zinc-500" title="its capability-digest header">
                  {v.digest ?? "no capability-digest header"}
                </div>
              </td>
              <td className="py-1 pr-3 whitespace-nowrap">{v.atMs === null ? "first" : <Time ms={v.atMs} />}</td>
              <td className="py-1">
                <span className="font-mono text-xs">{v.differs === null ? "(not a JSON object: bytes differ)" : v.differs.length === 0 ? "—" : v.differs.join(", ")}</span>
                <details className="mt-1">
                  <summary className="cursor-pointer text-xs text-zinc-500">Exact text received</summary>
                  <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-all text-xs">{v.raw}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
