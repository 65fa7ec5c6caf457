import { z } from "zod";
import { INTENT_STATUSES, type IntentDetail } from "@/lib/contract/intents";
import { Facts, Gap, Section } from "../../ui/facts";
import { JsonBlock } from "../../ui/json-block";
import { Time } from "../../ui/time-zone";
import { StatusBadge } from "../intent-status";
import { NoResultNotice, useNoResult } from "./custody-notes";

const num = z.union([z.number(), z.string()]);
const runnerMetaSchema = z.looseObject({ pid: num, cpu_ms: num, max_rss_kb: num, capability_digest: z.string().nullish() });

function oneOfOr<const T extends string>(allowed: readonly T[], value: string, fallback: T): T {
  return allowed.find((a) => a === value) ?? fallback;
}

function nsToMs(ns: string): number {
  return Number(BigInt(ns) / 1_000_000n);
}

export function ExecutionSection({ detail }: { detail: IntentDetail }) {
  const r = detail.result;
  const noResult = useNoResult(detail);
  if (!r)
    return <Section title="Execution">{noResult ? <NoResultNotice /> : <Gap>No result yet.</Gap>}</Section>;
  const meta = runnerMetaSchema.safeParse(r.runnerMeta);
  const digest = meta.success ? (meta.data.capability_digest ?? null) : null;
  const expected = detail.intent?.capabilityDigest ?? null;
  const digestText =
    digest === null ? "—" : expected === null ? `${digest} (the intent carried no digest)` : digest === expected ? `${digest} ✓ matches the intent's` : `${digest} ✕ differs from the intent's ${expected}`;
  return (
    <Section title="Execution">
      <Facts
        items={[
          [
            "Status",
            <StatusBadge
              key="s"
              row={{ status: oneOfOr(INTENT_STATUSES, r.statusNorm, "error"), resultStatus: r.status, errorCode: r.errorCode, expiresAtNs: "0" }}
            />,
          ],
          ["Started", <Time key="a" ms={nsToMs(r.startedAtNs)} />],
          ["Finished", <Time key="b" ms={nsToMs(r.finishedAtNs)} />],
          ["Duration", `${r.durationMs.toFixed(1)} ms`],
          ["Runner pid", meta.success ? String(meta.data.pid) : "—"],
          ["CPU", meta.success ? `${meta.data.cpu_ms} ms` : "—"],
          ["Max RSS", meta.success ? `${meta.data.max_rss_kb} KB` : "—"],
          ["Capability digest", <span key="d" className="font-mono text-xs">{digestText}</span>],
          ["Stream", `${r.stream} #${r.seq}`],
        ]}
      />
      {r.errorCode || r.errorMessage ? (
        <div role="note" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950">
          <span className="font-mono font-medium">{r.errorCode}</span> {r.errorMessage}
        </div>
      ) : null}
      {r.output === null || r.output === undefined ? <Gap>No output.</Gap> : <JsonBlock value={r.output} label="Output" filename={`${detail.id}-output.json`} />}
    </Section>
  );
}
