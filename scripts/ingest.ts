// `npm run ingest`: Pilot's ingest as its own process (run the app with PILOT_INGEST=off
// then, or both will share the work of the same durable consumers). Stops cleanly on
// SIGTERM / Ctrl-C: stops fetching, commits and acks the batch in hand, closes.
// Run with `node --conditions=react-server --import tsx`: the store is `server-only`.
import { loadSettings } from "../lib/env";
import { startIngestRun } from "../lib/ingest/run-ingest";
import { openStore } from "../lib/store";
import { pilotConnection } from "./ingest/connect";
import { formatStatus } from "./ingest/format-status";

const REPORT_MS = 10_000;

async function main(): Promise<number> {
  const settings = loadSettings();
  const { batch } = settings.ingest;
  const store = openStore(settings.index.path, { trustedSigners: settings.trustedSigners });
  const conn = pilotConnection(settings, "pilot-ingest");
  const log = (line: string) => console.log(`[ingest] ${line}`);
  const ingest = startIngestRun({ settings, store, connection: conn.get, log });
  log(`${settings.nats.url} → ${settings.index.path} (batch ${batch}${settings.ingest.capture ? ", capture on" : ""})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130); // a second signal: do not wait
    stopping = true;
    log(`${signal}: finishing the batch in hand`);
    void ingest.stop();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  const report = setInterval(() => console.log(formatStatus(ingest.status())), REPORT_MS);

  await ingest.done;
  clearInterval(report);
  const final = ingest.status();
  console.log(formatStatus(final));
  await conn.close();
  store.close();
  log("stopped");
  // Ended without a signal: every source was refused (the report above says why).
  return stopping ? 0 : 1;
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(`ingest: ${err instanceof Error ? err.message : String(err)}`);
  return 1;
});
