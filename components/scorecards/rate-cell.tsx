import Link from "next/link";
import type { ModelScorecardAnswer } from "@/lib/contract/replies";
import { pct, rateText } from "./format-rate";

type Rate = ModelScorecardAnswer["applied"];

/**
 * A share with its 95% interval drawn as a bar (the dot is the value), its sample size,
 * and a link to the replies behind it.
 */
export function RateCell({ rate, href, label }: { rate: Rate; href: string; label: string }) {
  const text = rateText(rate);
  if (rate.value === null) return <span className="text-zinc-400">—</span>;
  return (
    <Link prefetch={false} href={href} className="group flex flex-col gap-0.5 hover:underline" aria-label={`${label}: ${text}. Show these replies`} title={text}>
      <span className="tabular-nums">
        {pct(rate.value)} <span className="text-xs text-zinc-500">n={rate.n}</span>
      </span>
      <span aria-hidden className="relative block h-1.5 w-24 rounded bg-zinc-200 dark:bg-zinc-800">
        <span className="absolute inset-y-0 rounded bg-sky-300 dark:bg-sky-800" style={{ left: `${rate.low * 100}%`, width: `${Math.max(1, (rate.high - rate.low) * 100)}%` }} />
        <span className="absolute -top-0.5 h-2.5 w-0.5 bg-sky-800 dark:bg-sky-200" style={{ left: `${rate.value * 100}%` }} />
      </span>
      <span className="text-[11px] tabular-nums text-zinc-500">
        {pct(rate.low)}–{pct(rate.high)}
      </span>
    </Link>
  );
}
