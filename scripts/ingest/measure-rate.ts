// `npm run ingest:rate [-- --count 50000 --batch 500 --seed 7]`: on a temporary
// nats-server, publish demo traffic, then drain it three ways: a bare consumer (consume +
// ack per stream, nothing else), ingest's own fetch / ack loop writing nowhere, and ingest
// into a fresh SQLite index. Prints the three rates and the store's share.
import { bareDrain } from "../bench/bare-consumer";
import { recordFigure } from "../bench/results";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { jetstreamManager } from "@nats-io/jetstream";
import { z } from "zod";
import type { IngestStore } from "../../lib/ingest/batch";
import { startIngest } from "../../lib/ingest/ingest";
import { publishDemoBurst, startTestNats, type TestNats } from "../../lib/ingest/test-nats";
import { openStore } from "../../lib/store";

const args = z
  .object({
    count: z.coerce.number().int().positive().default(50_000),
    batch: z.coerce.number().int().positive().default(500),
    seed: z.coerce.number().int().default(7),
  })
  .parse(parseArgs({ options: { count: { type: "string" }, batch: { type: "string" }, seed: { type: "string" } } }).values);

async function ingestDrain(nats: TestNats, prefix: string, store: IngestStore, until: Record<string, number>): Promise<number> {
  const nc = await nats.connect("pilot");
  const started = performance.now();
  const log = (line: string) => console.error(`[${prefix}] ${line}`);
  const ingest = startIngest({ connection: async () => nc, store, sources: Object.keys(until), batch: args.batch, consumerPrefix: prefix, until, log });
  await ingest.done;
  const ms = performance.now() - started;
  const failed = ingest.status().sources.filter((s) => s.lastError);
  if (failed.length > 0) throw new Error(failed.map((s) => `${s.stream}: ${s.lastError}`).join("; "));
  await nc.drain();
  return ms;
}

const rate = (n: number, ms: number) => `${n} msgs in ${(ms / 1000).toFixed(2)} s = ${Math.round((n * 1000) / ms)} msg/s`;
// Other work on the machine skews the three figures unevenly: say how busy it was.
const load = () => `(load ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} CPUs)`;

const nats = await startTestNats();
try {
  const t0 = performance.now();
  const { stats } = await publishDemoBurst(nats, args.count, args.seed);
  console.log(`published ${stats.published} demo messages (${stats.acked} stored by streams) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const nc = await nats.connect("pilot");
  const until: Record<string, number> = {};
  for (const si of await (await jetstreamManager(nc)).streams.list().next())
    if (si.state.messages > 0) until[si.config.name] = si.state.last_seq;
  await nc.close();
  const stored = stats.acked;

  const bare = await bareDrain(nats, until, args.batch);
  const bareLoad = load();
  let looped = 0;
  const nowhere: IngestStore = {
    prepareBatch: (r) => ({ size: r.length }),
    applyPrepared: (b) => ((looped += b.size), { applied: b.size, duplicates: 0, quarantined: 0 }),
    cursors: () => ({}),
  };
  const loopMs = await ingestDrain(nats, "loop", nowhere, until);
  const loopLoad = load();
  const store = openStore(path.join(nats.dir, "measure.sqlite"));
  // Time inside the store's transactions, to tell the store's share from the consumer's.
  let applyMs = 0;
  const timed: IngestStore = {
    cursors: () => store.cursors(),
    prepareBatch: (records) => store.prepareBatch(records),
    applyPrepared(batch) {
      const t = performance.now();
      const result = store.applyPrepared(batch);
      applyMs += performance.now() - t;
      return result;
    },
  };
  const ingestMs = await ingestDrain(nats, "pilot-ingest", timed, until);
  const ingestLoad = load();
  const rows = Object.values(store.streamCounts()).reduce((n, c) => n + c.messages, 0);
  store.close();
  console.log(`batch ${args.batch}, ${Object.keys(until).length} streams`);
  console.log(`bare consumer (consume + ack):        ${rate(bare.seen, bare.ms)} ${bareLoad}`);
  console.log(`ingest's fetch / ack loop, no store:  ${rate(looped, loopMs)} ${loopLoad}`);
  console.log(`ingest into the index:                ${rate(rows, ingestMs)} ${ingestLoad}`);
  console.log(`  of which inside store.applyPrepared: ${(applyMs / 1000).toFixed(2)} s (${Math.round((rows * 1000) / applyMs)} msg/s)`);
  console.log(`ratio ingest / bare: ${((rows / ingestMs) / (bare.seen / bare.ms)).toFixed(2)}`);
  const ingestRate = (rows * 1000) / ingestMs;
  const bareRate = (bare.seen * 1000) / bare.ms;
  recordFigure({
    bench: "ingest",
    figure: `ingest into the index, ${rows} demo messages`,
    unit: "msg/s",
    pilot: ingestRate,
    baseline: bareRate,
    target: "≥ 30,000 msg/s and ≥ 0.3 × bare",
    pass: ingestRate >= 30_000 && ingestRate >= 0.3 * bareRate,
  });
  if (bare.seen !== stored || looped !== stored || rows !== stored)
    throw new Error(`expected ${stored} messages; bare saw ${bare.seen}, the loop ${looped}, the index holds ${rows}`);
} finally {
  await nats.stop();
}
