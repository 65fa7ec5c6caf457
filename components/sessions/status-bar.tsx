import { OKABE_ITO } from "../ui/palette";
import { lookFor, NODE_LOOKS } from "../ui/status-looks";

const ORDER = ["ok", "running", "pending", "error", "denied", "timeout", "killed", "skipped"];

/** Node counts by status as one stacked bar; the label spells the counts out for everyone. */
export function StatusBar({ counts }: { counts: Record<string, number> }) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const keys = [...ORDER.filter((k) => counts[k]), ...Object.keys(counts).filter((k) => !ORDER.includes(k))];
  const text = keys.map((k) => `${counts[k]} ${k === "none" ? "without status" : k}`).join(", ");
  return (
    <div role="img" aria-label={total === 0 ? "no nodes" : text} title={text} className="flex h-2.5 w-40 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
      {keys.map((k) => (
        <span
          key={k}
          style={{ width: `${((counts[k] ?? 0) / Math.max(1, total)) * 100}%`, backgroundColor: OKABE_ITO[lookFor(NODE_LOOKS, k).color] }}
        />
      ))}
    </div>
  );
}
