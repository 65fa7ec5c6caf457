import { alertSettings } from "./alert-settings";
import type { AlertEngine, EngineState } from "./engine";
import { ruleRecord } from "./records";
import type { AlertsHealth } from "@/lib/contract/alerts-health";
import type { AlertSettings } from "./alert-settings";

const text = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The shared consumer's figures, read from JetStream (so they are the same on every replica). */
async function deliveries(engine: AlertEngine): Promise<NonNullable<AlertsHealth["deliveries"]>> {
  const { names, events } = engine.store;
  const outcomes = events.firings(Number.MAX_SAFE_INTEGER).map((f) => f.deliveries.at(-1)?.outcome);
  const base = { consumer: names.deliverer, failed: outcomes.filter((o) => o === "failed").length, delivered: outcomes.filter((o) => o === "delivered").length };
  try {
    // Known away: said at once rather than after the request's timeout.
    if (!engine.store.link.isUp) throw new Error(`${names.stream} unreachable`);
    const info = await engine.store.delivererInfo();
    return { ...base, pending: info.num_pending, inFlight: info.num_ack_pending, redelivered: info.num_redelivered, pullers: info.num_waiting, error: null };
  } catch (err) {
    return { ...base, pending: null, inFlight: null, redelivered: null, pullers: null, error: text(err) };
  }
}

function settingsOrNull(): AlertSettings | null {
  try {
    return alertSettings();
  } catch {
    // A bad value is the start's error, shown as such.
    return null;
  }
}

/** This replica's alert engine as the Health page shows it, from the engine's own state; never starts one. */
export async function readAlertsHealth(state: EngineState): Promise<AlertsHealth> {
  const settings = state.state === "running" ? state.engine.settings : settingsOrNull();
  const none = { replica: null, storeReachable: null, ticks: 0, skipped: 0, lastTick: null, rules: null, deliveries: null };
  const common = { enabled: settings?.enabled ?? false, tickMs: settings?.tickMs ?? 0 };
  if (state.state !== "running") return { ...common, ...none, state: state.state, error: "error" in state ? state.error : null };
  const { engine } = state;
  const rules = engine.store.rules.entries("rule.", ruleRecord).map((e) => e.value);
  const last = engine.loop.last;
  return {
    ...common,
    state: "running",
    error: null,
    replica: engine.store.replica,
    storeReachable: engine.store.link.isUp,
    ticks: engine.loop.ticks,
    skipped: engine.loop.skipped,
    lastTick: last ? { at: new Date(last.atMs).toISOString(), durationMs: last.durationMs, firings: last.firings, error: last.error } : null,
    rules: { total: rules.length, evaluated: rules.filter((r) => !r.muted).length, muted: rules.filter((r) => r.muted).length, problems: engine.evaluator.problems.size },
    deliveries: await deliveries(engine),
  };
}
