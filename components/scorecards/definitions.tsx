import { FIGURE_DEFINITIONS } from "@/lib/scorecards/definitions";

/** What every figure means, in the words the exports use. */
export function Definitions() {
  return (
    <details className="mt-6 text-sm">
      <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">How every figure is defined</summary>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        {FIGURE_DEFINITIONS.map(([k, d]) => (
          <div key={k} className="contents">
            <dt className="font-medium">{k}</dt>
            <dd className="text-zinc-700 dark:text-zinc-300">{d}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
