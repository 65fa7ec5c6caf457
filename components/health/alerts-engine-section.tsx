import type { AlertsHealth } from "@/lib/contract/alerts-health";
import { Notice } from "../ui/notice";

const n = (v: number | null) => (v === null ? "unknown" : v.toLocaleString("en-US"));

function engineLine(a: AlertsHealth): string {
  if (!a.enabled) return "off (PILOT_ALERTS=off): rules kept, nothing evaluated or sent";
  switch (a.state) {
    case "running":
      return a.storeReachable ? `running on ${a.replica ?? "?"}, a tick every ${a.tickMs} ms` : `running on ${a.replica ?? "?"}, paused: the alert store is unreachable`;
    case "starting":
      return "starting";
    case "error":
      return "not running: its start failed (tried again on the next request to the Rules page)";
    case "stopped":
      return "not started in this process";
  }
}

/**
 * This replica's alert engine: whether it runs, its last tick, the rules it holds, and the
 * shared delivery consumer (the same figures on every replica: it is one consumer).
 */
export function AlertsEngineSection({ alerts: a }: { alerts: AlertsHealth }) {
  const d = a.deliveries;
  return (
    <section aria-labelledby="alerts-engine-h" className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <h2 id="alerts-engine-h" className="font-medium">Alert engine</h2>
      <dl aria-label="Alert engine" className="mt-2 grid gap-1 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4">
        <dt className="text-zinc-500">Engine</dt>
        <dd>{engineLine(a)}</dd>
        <dt className="text-zinc-500">Last tick</dt>
        <dd suppressHydrationWarning>
          {a.lastTick
            ? `${new Date(a.lastTick.at).toLocaleTimeString()}, took ${a.lastTick.durationMs.toFixed(1)} ms, ${a.lastTick.firings} firing(s)${a.lastTick.error ? `, failed: ${a.lastTick.error}` : ""} · ${n(a.ticks)} ticks, ${n(a.skipped)} skipped`
            : "none yet"}
        </dd>
        <dt className="text-zinc-500">Rules loaded</dt>
        <dd>{a.rules ? `${n(a.rules.total)} (${n(a.rules.evaluated)} evaluated, ${n(a.rules.muted)} muted, ${n(a.rules.problems)} with a query that no longer parses)` : "unknown"}</dd>
        <dt className="text-zinc-500">Deliveries</dt>
        <dd>{d ? `${n(d.pending)} waiting, ${n(d.inFlight)} being delivered, ${n(d.failed)} failed, ${n(d.delivered)} delivered` : "unknown"}</dd>
        <dt className="text-zinc-500">Shared delivery consumer</dt>
        <dd>{d ? `${d.consumer}: ${n(d.pullers)} replica pull(s) waiting, ${n(d.redelivered)} redelivered` : "unknown"}</dd>
      </dl>
      {a.error ? <Notice tone="error" title="The alert engine could not start">{a.error}</Notice> : null}
      {d?.error ? <Notice tone="warn" title="The shared delivery consumer did not answer">{d.error}</Notice> : null}
    </section>
  );
}
