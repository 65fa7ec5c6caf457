// `npm run reindex [-- --force]`: rebuild the index from the streams and say whether they
// agree. Run it with ingest stopped. Exit 0 when "index matches streams", 1 when not, 2 when
// it refused to start. Run with `node --conditions=react-server --import tsx`.
import { loadSettings } from "../lib/env";
import { openStore } from "../lib/store";
import { pilotConnection } from "./ingest/connect";
import { formatComparison } from "./ingest/compare";
import { createProgressBar } from "./ingest/progress-bar";
import { rebuildIndex } from "./ingest/rebuild";

const USAGE = `usage: npm run reindex [-- --force]
  --force   rebuild even when an ingest is running or a source has Interest retention`;

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== "--force" && a !== "--help");
  if (argv.includes("--help") || unknown.length > 0) {
    console.error(unknown.length > 0 ? `unknown argument: ${unknown.join(" ")}\n${USAGE}` : USAGE);
    return unknown.length > 0 ? 2 : 0;
  }
  const settings = loadSettings();
  const store = openStore(settings.index.path, { trustedSigners: settings.trustedSigners });
  const conn = pilotConnection(settings, "pilot-reindex");
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const tty = process.stderr.isTTY === true;
  try {
    const result = await rebuildIndex({
      settings,
      store,
      connection: conn.get,
      force: argv.includes("--force"),
      // On a terminal, clear the progress line first; it is redrawn on the next batch.
      log: (line) => process.stderr.write(`${tty ? "\r\x1b[K" : ""}reindex: ${line}\n`),
      progress: (total) => createProgressBar(total),
      signal: abort.signal,
    });
    if (result.kind === "refused") {
      console.error(`reindex refused: ${result.message}`);
      return 2;
    }
    console.log(formatComparison(result.comparison));
    if (result.interrupted) console.error("interrupted: the index is partial; run reindex again, or start ingest to continue");
    return result.comparison.ok && !result.interrupted ? 0 : 1;
  } finally {
    await conn.close();
    store.close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`reindex: ${err instanceof Error ? err.message : String(err)}`);
  return 1;
});
