import "server-only";
import { getConfig } from "../config";
import { serverConnection } from "../nats/server-connection";
import { getStore } from "../store/server-store";
import { durableName } from "./consumer-setup";
import { startIngestRun, type IngestRun } from "./run-ingest";
import { initialSourceStatus } from "./status";
import { registerIngest } from "./status-registry";

// One ingest per server process, on globalThis like the NATS connection: instrumentation
// runs once, but dev-mode reloads must not start a second one.
const holder = globalThis as typeof globalThis & { __pilotIngestRun?: IngestRun | "failed" };

function log(line: string): void {
  console.log(`[ingest] ${line}`);
}

/**
 * Starts ingest inside the Next.js server (PILOT_INGEST=on). Never throws: a store that
 * cannot be opened is reported on the Health page instead of stopping the app.
 */
export function startServerIngest(): void {
  const config = getConfig();
  if (!config.ingest.inProcess || holder.__pilotIngestRun) return;
  const { sources, batch, consumerPrefix } = config.ingest;
  let store;
  try {
    store = getStore();
  } catch (err) {
    const text = `the index at ${config.index.path} cannot be opened: ${err instanceof Error ? err.message : String(err)}`;
    console.error(`[ingest] ${text}`);
    holder.__pilotIngestRun = "failed";
    const startedAt = new Date().toISOString();
    registerIngest({
      mode: "in-process",
      status: () => ({
        state: "error",
        startedAt,
        batch,
        sources: sources.map((s) => ({ ...initialSourceStatus(s, durableName(consumerPrefix, s), 0), state: "error", lastError: text })),
        lastError: text,
      }),
    });
    return;
  }
  const ingest = startIngestRun({ settings: config, store, connection: serverConnection, log });
  holder.__pilotIngestRun = ingest;
  registerIngest({ mode: "in-process", status: ingest.status, capture: () => ingest.capture?.status() ?? null });
  log(`started → ${config.index.path} (batch ${batch}${config.ingest.capture ? ", capture on" : ""})`);
  // Next.js exits after its own SIGTERM cleanup; stopping here lets the batch in hand
  // commit and ack first when there is time, and is harmless when there is not.
  const stop = () => void ingest.stop();
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

export async function stopServerIngest(): Promise<void> {
  const run = holder.__pilotIngestRun;
  if (run && run !== "failed") await run.stop();
}
