import "server-only";
import { jetstream } from "@nats-io/jetstream";
import { getConfig } from "../config";
import { getIngestStatus } from "../ingest/status-registry";
import { serverConnection } from "../nats/server-connection";
import { getStore } from "../store/server-store";
import { alertSettings, type AlertSettings } from "./alert-settings";
import { openAlertStore, type AlertStore } from "./alert-store";
import { Deliverer } from "./deliverer";
import { Evaluator } from "./evaluator";
import { ruleRecord } from "./records";

export interface AlertEngine {
  store: AlertStore;
  settings: AlertSettings;
  evaluator: Evaluator;
  stop(): void;
}

// One engine per server process, on globalThis like the store and the NATS connection.
const holder = globalThis as typeof globalThis & { __pilotAlerts?: Promise<AlertEngine> };

/**
 * Opens the alert store and starts this replica's evaluator (every tick) and deliverer
 * (a puller on the one shared consumer). A failed start is not cached: the next request
 * (or the next call from instrumentation) tries again.
 */
export function getAlerts(): Promise<AlertEngine> {
  if (!holder.__pilotAlerts) {
    const pending = start();
    pending.catch((err: unknown) => {
      console.warn(`[alerts] cannot start (${err instanceof Error ? err.message : String(err)}): tried again on the next request`);
      if (holder.__pilotAlerts === pending) holder.__pilotAlerts = undefined;
    });
    holder.__pilotAlerts = pending;
  }
  return holder.__pilotAlerts;
}

async function start(): Promise<AlertEngine> {
  const config = getConfig();
  const settings = alertSettings();
  const nc = await serverConnection();
  const store = await openAlertStore(nc, { store: settings.store, replicas: config.streams.replicas });
  const index = getStore();
  const evaluator = new Evaluator({
    store: index,
    rules: () => store.rules.entries("rule.", ruleRecord),
    publish: (f) => store.publishFiring(f),
    known: (id) => store.events.firing(id) !== null,
    ingest: getIngestStatus,
    replica: store.replica,
  });
  const deliverer = new Deliverer(jetstream(nc), store, { backoff: settings.backoff, timeoutMs: settings.timeoutMs, globalSecret: settings.globalSecret, pilotUrl: config.auth.publicUrl ?? null });
  let running = false;
  const timer = setInterval(() => {
    // A slow tick (a busy index) is not stacked on by the next one.
    if (running || !store.link.isUp) return;
    running = true;
    evaluator
      .tick()
      .catch((err: unknown) => console.warn(`[alerts] evaluating failed (${err instanceof Error ? err.message : String(err)})`))
      .finally(() => (running = false));
  }, settings.tickMs);
  timer.unref();
  if (settings.enabled) deliverer.start();
  else clearInterval(timer);
  console.log(`[alerts] ${settings.enabled ? "evaluating every " + settings.tickMs + " ms" : "off (PILOT_ALERTS=off): rules can be edited, nothing is evaluated or sent"} (${store.names.rules}, ${store.names.stream})`);
  return {
    store,
    settings,
    evaluator,
    stop() {
      clearInterval(timer);
      deliverer.stop();
      store.close();
    },
  };
}
