import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import type { Store } from "@/lib/store";
import type { AlertSettings } from "./alert-settings";
import { openAlertStore, type AlertStore } from "./alert-store";
import { Deliverer } from "./deliverer";
import { Evaluator } from "./evaluator";
import { readIngestFleet } from "./ingest-fleet";
import { ruleRecord } from "./records";
import { TickLoop } from "./tick-loop";

const REQUEST_TIMEOUT_MS = 2_000;

export interface AlertEngine {
  store: AlertStore;
  settings: AlertSettings;
  evaluator: Evaluator;
  loop: TickLoop;
  deliverer: Deliverer;
  stop(): void;
}

/** This process's engine as the Health page reads it, without starting one. */
export type EngineState = { state: "running"; engine: AlertEngine } | { state: "starting" } | { state: "stopped" | "error"; error: string | null; atMs: number | null };

/**
 * One replica's alerting over a NATS connection and its index: the store (rules bucket,
 * events stream, the shared delivery consumer), the evaluator ticking on its loop, and the
 * deliverer pulling from the shared consumer. Started unless PILOT_ALERTS=off.
 */
export async function openAlertEngine(nc: NatsConnection, index: Store, settings: AlertSettings, o: { replicas: number; pilotUrl: string | null }): Promise<AlertEngine> {
  const store = await openAlertStore(nc, { store: settings.store, replicas: o.replicas });
  const jsm = await jetstreamManager(nc, { timeout: REQUEST_TIMEOUT_MS });
  const evaluator = new Evaluator({
    store: index,
    rules: () => store.rules.entries("rule.", ruleRecord),
    publish: (f) => store.publishFiring(f),
    known: (id) => store.events.firing(id) !== null,
    ingest: () => readIngestFleet(jsm),
    replica: store.replica,
  });
  const deliverer = new Deliverer(jetstream(nc), store, { backoff: settings.backoff, timeoutMs: settings.timeoutMs, globalSecret: settings.globalSecret, pilotUrl: o.pilotUrl });
  const loop = new TickLoop(() => evaluator.tick(), () => store.link.isUp, settings.tickMs);
  if (settings.enabled) {
    loop.start();
    deliverer.start();
  }
  return {
    store,
    settings,
    evaluator,
    loop,
    deliverer,
    stop() {
      loop.stop();
      deliverer.stop();
      store.close();
    },
  };
}
