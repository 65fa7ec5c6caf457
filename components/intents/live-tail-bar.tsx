import { formatCount } from "../ui/format";

export function LiveTailBar(props: {
  lagMs: number | null;
  unseen: number;
  paused: boolean;
  count: number;
  more: boolean;
  /** What the rows are (the Audit view shares this bar). */
  noun?: string;
  onTogglePause: () => void;
  onJump: () => void;
}) {
  const lag = props.lagMs === null ? "—" : props.lagMs < 1000 ? `${Math.max(0, Math.round(props.lagMs))} ms` : `${(props.lagMs / 1000).toFixed(1)} s`;
  return (
    <div className="mb-2 flex items-center gap-3 text-xs text-zinc-600 dark:text-zinc-400">
      <span>
        {formatCount(props.count)}
        {props.more ? "+" : ""} {props.noun ?? "intents"}
      </span>
      <span role="status" aria-label={`Live lag ${lag}`} title="From the stream storing a message to this view showing it">
        Lag: {lag}
      </span>
      <button type="button" onClick={props.onTogglePause} className="rounded border border-zinc-300 px-2 py-0.5 dark:border-zinc-700">
        {props.paused ? "Resume live" : "Pause"}
      </button>
      {props.unseen > 0 ? (
        <button type="button" onClick={props.onJump} className="rounded bg-sky-600 px-2 py-0.5 font-medium text-white">
          {formatCount(props.unseen)} new — jump to live
        </button>
      ) : null}
    </div>
  );
}
