import "server-only";
import { getConfig } from "../config";
import { serverConnection } from "../nats/server-connection";
import { getStore } from "../store/server-store";
import { alertSettings } from "./alert-settings";
import { openAlertEngine, type AlertEngine, type EngineState } from "./engine";

export type { AlertEngine } from "./engine";

// One engine per server process, on globalThis like the store and the NATS connection.
const holder = globalThis as typeof globalThis & {
  __pilotAlerts?: Promise<AlertEngine>;
  __pilotAlertsState?: EngineState;
};

/**
 * Opens the alert store and starts this replica's evaluator (every tick) and deliverer
 * (a puller on the one shared consumer). A failed start is not cached: the next request
 * (or the next call from instrumentation) tries again.
 */
export function getAlerts(): Promise<AlertEngine> {
  if (!holder.__pilotAlerts) {
    const pending = start();
    holder.__pilotAlertsState = { state: "starting" };
    pending.then(
      (engine) => (holder.__pilotAlertsState = { state: "running", engine }),
      (err: unknown) => {
        const error = err instanceof Error ? err.message : String(err);
        console.warn(`[alerts] cannot start (${error}): tried again on the next request`);
        holder.__pilotAlertsState = { state: "error", error, atMs: Date.now() };
        if (holder.__pilotAlerts === pending) holder.__pilotAlerts = undefined;
      },
    );
    holder.__pilotAlerts = pending;
  }
  return holder.__pilotAlerts;
}

/** The engine's state now; never starts it (the Health page must not be what starts alerting). */
export function alertEngineState(): EngineState {
  return holder.__pilotAlertsState ?? { state: "stopped", error: null, atMs: null };
}

async function start(): Promise<AlertEngine> {
  const config = getConfig();
  const settings = alertSettings();
  const engine = await openAlertEngine(await serverConnection(), getStore(), settings, { replicas: config.streams.replicas, pilotUrl: config.auth.publicUrl ?? null });
  console.log(`[alerts] ${settings.enabled ? "evaluating every " + settings.tickMs + " ms" : "off (PILOT_ALERTS=off): rules can be edited, nothing is evaluated or sent"} (${engine.store.names.rules}, ${engine.store.names.stream})`);
  return engine;
}
