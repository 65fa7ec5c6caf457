import { load, type Best } from "./cpu-clocks";

export interface StagesSummary {
  /** Messages per round, of them signed intents. */
  n: number;
  signed: number;
  rounds: number;
  /** The bare consumer's best rate, msg/s wall. */
  bareRate: number;
  /** Messages per stream (a fetched batch is one stream's). */
  streamSizes: Map<string, number>;
}

/** The figures of bench:stages as the README's table, with the sums and the target. */
export function printStagesTable(best: Best, { n, signed, rounds, bareRate, streamSizes }: StagesSummary): void {
  const us = (k: string) => best.get(k);
  const perSigned = us("verify per signed intent");
  const ed25519 = perSigned - us("verify but Ed25519, per signed intent");
  const stagesSum = us("decode") + us("verify") + us("sql") + us("nats client");
  const withServer = stagesSum + us("nats server");
  const mainThread = us("nats client, main thread") + us("hand-over, main thread") + us("sql");
  const asRun = us("prepared + written, every thread") + us("nats client") + us("nats server");
  const ingestTotal = us("ingest, Pilot") + us("ingest, nats server");
  const rate = (cores: number, perMsg: number) => Math.round((cores * 1e6) / perMsg).toLocaleString("en-US");
  const f = (x: number) => x.toFixed(1);
  const target = Math.max(30_000, 0.3 * bareRate);

  console.log(`\nNode ${process.version}, µs of CPU per message (best of ${rounds}), load ${load()}:`);
  console.log(`| stage | µs CPU / msg | note |`);
  console.log(`|---|---|---|`);
  console.log(`| decode (decodeMessage: lossless JSON + zod) | ${f(us("decode"))} | one thread |`);
  console.log(
    `| verify (verifyIntentSignature, Node's Ed25519) | ${f(us("verify"))} | ${f(perSigned)} per signed intent (${signed} of ${n} messages), of it Ed25519 ${f(ed25519)} |`,
  );
  console.log(`| SQL (store.applyPrepared, commit included) | ${f(us("sql"))} | main thread, batches already decoded |`);
  console.log(
    `| NATS client (ingest's fetch / ack loop, no store) | ${f(us("nats client"))} | ${f(us("nats client, main thread"))} on the main thread; nats-server ${f(us("nats server"))} more |`,
  );
  console.log(`| sum of the four | ${f(stagesSum)} | with nats-server ${f(withServer)} → ${rate(2, withServer)} msg/s on 2 cores |`);
  console.log(
    `| main thread: NATS client + hand-over (prepareBatch, answers in) ${f(us("hand-over, main thread"))} + SQL | ${f(mainThread)} | → ${rate(1, mainThread)} msg/s on its one thread |`,
  );
  console.log(
    `| as ingest runs decode + verify + SQL (every thread, decode worker included) + NATS client + nats-server | ${f(asRun)} | → ${rate(2, asRun)} msg/s on 2 cores |`,
  );
  console.log(
    `| check: whole ingest (startIngest into an index) | ${f(us("ingest, Pilot"))} + nats-server ${f(us("ingest, nats server"))} = ${f(ingestTotal)} | main thread ${f(us("ingest, main thread"))}; ${rate(1, (us("ingest ms") * 1000) / n)} msg/s wall |`,
  );
  console.log(`\nSQL by stream (a fetched batch is one stream's): µs of main-thread CPU per message, share of the SQL stage`);
  for (const [stream, size] of [...streamSizes].sort((a, b) => us(`sql ${b[0]}`) * b[1] - us(`sql ${a[0]}`) * a[1]))
    console.log(`  ${stream.padEnd(30)} ${String(size).padStart(6)} msgs ${f(us(`sql ${stream}`)).padStart(7)} µs  ${((100 * us(`sql ${stream}`) * size) / (us("sql") * n)).toFixed(0).padStart(3)}%`);
  console.log(
    `bare consumer (consume + ack): ${Math.round(bareRate).toLocaleString("en-US")} msg/s wall (best), ${f(us("bare client"))} + nats-server ${f(us("bare server"))} µs CPU / msg`,
  );
  console.log(
    `target: ≥ 30,000 msg/s and ≥ 0.3 × bare = ${Math.round(0.3 * bareRate).toLocaleString("en-US")} → ${Math.round(target).toLocaleString("en-US")} msg/s: ` +
      `at most ${f(2e6 / target)} µs of CPU per message on 2 cores, ${f(1e6 / target)} on the main thread`,
  );
}
