"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";

const TABS = [
  { href: "/scorecards", label: "Models" },
  { href: "/scorecards/trends", label: "Trends" },
  { href: "/scorecards/compare", label: "Compare" },
  { href: "/scorecards/agents", label: "Agents" },
] as const;

/** The scorecard views; the scope in the URL goes along. */
export function ScorecardTabs() {
  const path = usePathname();
  const search = useSearchParams();
  const keep = new URLSearchParams();
  for (const k of ["pilot", "range", "from", "to", "model"]) {
    const v = search.get(k);
    if (v) keep.set(k, v);
  }
  const qs = keep.toString();
  return (
    <nav aria-label="Scorecard views" className="mb-4 flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
      {TABS.map((t) => {
        const active = t.href === "/scorecards" ? path === t.href : path.startsWith(t.href);
        return (
          <Link
            key={t.href}
            href={`${t.href}${qs ? `?${qs}` : ""}`}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${active ? "border-zinc-900 font-medium dark:border-zinc-100" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400"}`}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
