import Link from "next/link";
import { formatCount } from "@/components/ui/format";
import { integrityRowsHref, type IntegrityRange } from "@/lib/queries/integrity";
import type { IntegrityKind, IntegritySummary } from "@/lib/contract/integrity";
import { INTEGRITY_LABELS } from "./integrity-labels";

const GROUPS: { title: string; kinds: IntegrityKind[] }[] = [
  { title: "Signatures", kinds: ["verified", "unsigned", "invalid", "untrusted-signer"] },
  { title: "Results", kinds: ["digest-mismatch", "ttl-expired", "no-audit", "no-result"] },
  { title: "Copies", kinds: ["conflicting-copies"] },
];

function Count({ kind, n, range }: { kind: IntegrityKind; n: number; range: IntegrityRange }) {
  const { label, help, alarm } = INTEGRITY_LABELS[kind];
  const tone =
    alarm && n > 0 ? "border-red-300 bg-red-50 dark:border-red-900 dark:bg-red-950" : "border-zinc-200 dark:border-zinc-800";
  return (
    <div className={`flex flex-col gap-1 rounded-md border p-3 ${tone}`}>
      <dt className="text-sm font-medium">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">
        <Link href={integrityRowsHref(range, kind)} aria-label={`${label}: ${n}`} className="underline decoration-dotted underline-offset-4 hover:decoration-solid">
          {formatCount(n)}
        </Link>
      </dd>
      <dd className="text-xs text-zinc-600 dark:text-zinc-400">{help}</dd>
    </div>
  );
}

/** Every count links to its rows: the Intents list for signatures, this page's list otherwise. */
export function IntegrityCounts({ summary, range }: { summary: IntegritySummary; range: IntegrityRange }) {
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {formatCount(summary.intents)} intents created in the range; {formatCount(summary.results)} of them have a result,{" "}
        {formatCount(summary.digestsCompared)} with both capability digests known.
      </p>
      {GROUPS.map((g) => (
        <section key={g.title} aria-label={g.title} className="flex flex-col gap-2">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-zinc-500">{g.title}</h2>
          <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
            {g.kinds.map((k) => (
              <Count key={k} kind={k} n={summary.counts[k]} range={range} />
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
