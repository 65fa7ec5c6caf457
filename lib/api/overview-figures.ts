import "server-only";
import type { Store } from "@/lib/store";
import type { Health } from "@/lib/contract/health";
import type { IntegrityKind } from "@/lib/contract/integrity";
import { OVERVIEW_BUCKETS, OVERVIEW_WINDOW_MS, type OverviewFigure, type OverviewWindow } from "@/lib/contract/overview";
import { comparison } from "./scorecard-views";

/** The integrity alarms the Overview raises, in the order it shows them. */
export const INTEGRITY_ALARMS: readonly { kind: IntegrityKind; label: string }[] = [
  { kind: "invalid", label: "Invalid signatures" },
  { kind: "untrusted-signer", label: "Untrusted signers" },
  { kind: "digest-mismatch", label: "Capability-digest mismatches" },
  { kind: "ttl-expired", label: "Runs after TTL" },
  { kind: "no-result", label: "Intents with no result" },
  { kind: "conflicting-copies", label: "Conflicting copies" },
];

/** How many windows before the chosen one make the deny rate's baseline. */
export const BASELINE_WINDOWS = 6;
/** A deny rate this many times its baseline (and at least MIN_DENIES denials) is an alarm. */
export const DENY_SPIKE = 2;
export const MIN_DENIES = 5;

function bucketEdges(window: OverviewWindow, now: number): number[] {
  const from = now - OVERVIEW_WINDOW_MS[window];
  const step = OVERVIEW_WINDOW_MS[window] / OVERVIEW_BUCKETS;
  return Array.from({ length: OVERVIEW_BUCKETS + 1 }, (_, i) => (i === OVERVIEW_BUCKETS ? now : Math.round(from + i * step)));
}

function query(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

/**
 * Each alarm over the window and its buckets: the window's count is the integrity
 * summary of [now − window, now), as the Integrity page and the Intents list count it.
 */
export function integrityFigures(store: Store, window: OverviewWindow, now: number): OverviewFigure[] {
  const edges = bucketEdges(window, now);
  const whole = store.integritySummary({ from: edges[0] });
  const buckets = edges.slice(0, -1).map((from, i) => store.integritySummary({ from, to: edges[i + 1] }));
  return INTEGRITY_ALARMS.map(({ kind, label }) => {
    const value = whole.counts[kind];
    // The Integrity page over the same window, its list of this kind open: it shows the
    // same count beside the rows (a signature count there leads on to the Intents list).
    const href = `/audit/integrity?${query({ range: window, show: kind })}`;
    return {
      id: `integrity.${kind}`,
      group: "integrity",
      label,
      value,
      detail: `of ${whole.intents} intents created in the window`,
      level: value > 0 ? "alarm" : "ok",
      href,
      spark: buckets.map((b) => b.counts[kind]),
    };
  });
}

function pct(n: number, of: number): string {
  return of === 0 ? "—" : `${((100 * n) / of).toFixed(1)}%`;
}

/** Denials over the window against the deny rate of the BASELINE_WINDOWS windows before it. */
export function denyFigure(store: Store, window: OverviewWindow, now: number): OverviewFigure {
  const ms = OVERVIEW_WINDOW_MS[window];
  const from = now - ms;
  const denied = store.auditHistogram({ decision: "deny", from, to: now, limit: 0 }, OVERVIEW_BUCKETS);
  const all = store.auditHistogram({ from, to: now, limit: 0 }, 1);
  const baseFrom = from - BASELINE_WINDOWS * ms;
  const baseDenied = store.auditHistogram({ decision: "deny", from: baseFrom, to: from, limit: 0 }, 1).total;
  const baseAll = store.auditHistogram({ from: baseFrom, to: from, limit: 0 }, 1).total;
  const rate = all.total === 0 ? 0 : denied.total / all.total;
  const baseRate = baseAll === 0 ? null : baseDenied / baseAll;
  const spike = denied.total >= MIN_DENIES && (baseRate === null ? rate > 0 : rate >= DENY_SPIKE * baseRate && rate > baseRate);
  return {
    id: "audit.deny",
    group: "audit",
    label: "Denied",
    value: denied.total,
    detail: `${pct(denied.total, all.total)} of ${all.total} audit events; baseline ${baseRate === null ? "none (no events before)" : pct(baseDenied, baseAll)} over the ${BASELINE_WINDOWS} windows before`,
    level: spike ? "alarm" : denied.total > 0 ? "warn" : "ok",
    href: `/audit?${query({ q: "decision:deny", range: window })}`,
    spark: Array.from({ length: OVERVIEW_BUCKETS }, (_, i) => denied.counts[i] ?? 0),
  };
}

/** Sessions now: the failed ones, and the running ones (those running longer than the window too). */
export function sessionFigures(store: Store, window: OverviewWindow, now: number): OverviewFigure[] {
  const startedBeforeNs = BigInt(now - OVERVIEW_WINDOW_MS[window]) * 1_000_000n;
  const c = store.sessionStateCounts(startedBeforeNs);
  return [
    {
      id: "sessions.failed",
      group: "sessions",
      label: "Failed sessions",
      value: c.failed,
      detail: `a node failed, nothing still running; of ${c.failed + c.finished + c.running} sessions`,
      level: c.failed > 0 ? "warn" : "ok",
      href: "/sessions?state=failed",
      spark: null,
    },
    {
      id: "sessions.running",
      group: "sessions",
      label: "Running sessions",
      value: c.running,
      detail: `${c.runningSince} running for longer than ${window}`,
      level: c.runningSince > 0 ? "warn" : "ok",
      href: "/sessions?state=running",
      spark: null,
    },
  ];
}

/** The Compare page's default: the newest pilot run against the one before, by the Wilson rule. */
export function scorecardFigure(store: Store): OverviewFigure {
  const runs = store.scorecards({ limit: 2 }).items;
  const [b, a] = runs;
  if (!a || !b)
    return {
      id: "scorecards.regressions",
      group: "scorecards",
      label: "Scorecard regressions",
      value: 0,
      detail: "fewer than two pilot runs to compare",
      level: "ok",
      href: "/scorecards/compare",
      spark: null,
    };
  const models = comparison(store, { a: a.pilotId, b: b.pilotId }).models;
  const regressions = models.flatMap((m) => m.changes.filter((c) => c.verdict === "regression").map(() => m.modelId));
  return {
    id: "scorecards.regressions",
    group: "scorecards",
    label: "Scorecard regressions",
    value: regressions.length,
    detail: `run ${b.pilotId} against ${a.pilotId}${regressions.length ? `: ${[...new Set(regressions)].join(", ")}` : ""}`,
    level: regressions.length > 0 ? "alarm" : "ok",
    href: `/scorecards/compare?${query({ a: a.pilotId, b: b.pilotId })}`,
    spark: null,
  };
}

/** Ingest and capture, from the Health page's own reading. */
export function healthFigures(h: Health): OverviewFigure[] {
  const stuck = h.ingest.sources.filter((s) => s.state !== "running");
  const ingestDown = !h.nats.connected || (h.ingest.inProcess ? stuck.length > 0 : h.ingest.state !== "running");
  const lag = h.ingest.sources.reduce((n, s) => n + (s.lag ?? 0), 0);
  const lost = h.platform.capture?.lost ?? 0;
  return [
    {
      id: "health.ingest",
      group: "health",
      label: "Ingest sources not running",
      value: h.nats.connected ? stuck.length : h.ingest.sources.length,
      detail: h.nats.connected ? `${lag} messages not yet indexed` : `NATS unreachable: ${h.nats.error ?? "no connection"}`,
      level: ingestDown ? "alarm" : lag > 1000 ? "warn" : "ok",
      href: "/health",
      spark: null,
    },
    {
      id: "health.capture",
      group: "health",
      label: "Capture gaps",
      value: h.platform.gaps.length,
      detail: `${lost} messages lost by live capture${h.platform.capture ? ` (capture ${h.platform.capture.state})` : ""}`,
      level: h.platform.gaps.length > 0 || lost > 0 ? "alarm" : "ok",
      href: "/health",
      spark: null,
    },
  ];
}
