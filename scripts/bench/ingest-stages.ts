// `npm run bench:stages [-- --count 30000 --rounds 3 --batch 500 --seed 7]`: µs of CPU per
// message for each stage of ingest, on the same demo messages, with Pilot's own functions:
//
//   NATS client  ingest's fetch / ack loop (startIngest) writing nowhere, from a real
//                nats-server; nats-server's own CPU beside it. The bare consumer
//                (consume + ack) on the same streams is the baseline of the target.
//   decode       decodeMessage (lossless JSON + zod) of every message, on one thread.
//   verify       verifyIntentSignature with Node's Ed25519, as the decode worker runs it.
//   SQL          store.applyPrepared of the batches as ingest fetched them (one
//                transaction and commit each), once the decode worker has decoded them:
//                the CPU of the thread that writes, which is also ingest's main thread.
//   ingest       the whole of it (startIngest into a fresh index), as a check on the sum.
//
// CPU, not wall time (the machine is shared): the process's (`process.cpuUsage`, every
// thread), the main thread's (/proc/thread-self/schedstat, Linux) and nats-server's
// (/proc/<pid>/stat). Each figure is the best of the rounds; the rounds interleave the
// stages, so that other work on the machine falls on all of them alike.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { jetstreamManager } from "@nats-io/jetstream";
import { z } from "zod";
import type { IngestStore } from "../../lib/ingest/batch";
import { startIngest } from "../../lib/ingest/ingest";
import { publishDemoBurst, startTestNats, type TestNats } from "../../lib/ingest/test-nats";
import { verifyIntentSignature, type SignatureState } from "../../lib/protocol/signature";
import { decodeMessage } from "../../lib/protocol/subjects";
import {
  decodeWorker,
  nativeEd25519Verify,
  openStore,
  type IngestRecord,
  type PreparedBatch,
} from "../../lib/store";
import { bareDrain } from "./bare-consumer";

const args = z
  .object({
    count: z.coerce.number().int().positive().default(30_000),
    rounds: z.coerce.number().int().positive().default(3),
    batch: z.coerce.number().int().positive().default(500),
    seed: z.coerce.number().int().default(7),
  })
  .parse(
    parseArgs({
      options: { count: { type: "string" }, rounds: { type: "string" }, batch: { type: "string" }, seed: { type: "string" } },
    }).values,
  );

/** A stage that measured nothing, or the wrong thing, ends the run with an error. */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`stage broken: ${what}`);
}

const processCpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
/** This thread's time on a CPU, in µs (nanoseconds in the kernel's schedstat). */
const threadCpuUs = (): number => Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1000;
const TICKS_PER_S = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** nats-server's user + system CPU in µs (clock ticks: 10 ms steps, fine over a drain). */
function serverCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_S;
}

/** The nats-server this process started (startTestNats keeps its child to itself). */
function natsServerPid(): number {
  const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, "utf8").trim().split(/\s+/);
  const pid = children.map(Number).find((c) => {
    try {
      return readFileSync(`/proc/${c}/comm`, "utf8").trim() === "nats-server";
    } catch {
      return false;
    }
  });
  if (pid === undefined) throw new Error("stage broken: no nats-server child process found");
  return pid;
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

/** The best (lowest) figure of each key over the rounds. */
class Best {
  readonly #min = new Map<string, number>();
  add(key: string, value: number): void {
    check(Number.isFinite(value) && value > 0, `${key} measured ${value}`);
    this.#min.set(key, Math.min(this.#min.get(key) ?? Infinity, value));
  }
  get(key: string): number {
    const v = this.#min.get(key);
    if (v === undefined) throw new Error(`stage broken: ${key} was never measured`);
    return v;
  }
}

/** Runs ingest over every stream to its last message under a new consumer prefix; wall ms. */
async function drain(nats: TestNats, prefix: string, store: IngestStore, until: Record<string, number>): Promise<number> {
  const nc = await nats.connect("pilot");
  const started = performance.now();
  const ingest = startIngest({
    connection: async () => nc,
    store,
    sources: Object.keys(until),
    batch: args.batch,
    consumerPrefix: prefix,
    until,
  });
  await ingest.done;
  const ms = performance.now() - started;
  const failed = ingest.status().sources.filter((s) => s.lastError);
  check(failed.length === 0, failed.map((s) => `${s.stream}: ${s.lastError}`).join("; "));
  await nc.drain();
  return ms;
}

/** A store that only counts: ingest's NATS side alone. */
function nowhere(): IngestStore & { seen: () => number } {
  let seen = 0;
  return {
    prepareBatch: (r) => ({ size: r.length }),
    applyPrepared: (b) => ((seen += b.size), { applied: b.size, duplicates: 0, quarantined: 0 }),
    cursors: () => ({}),
    seen: () => seen,
  };
}

console.log(`Pilot bench:stages — ${new Date().toISOString()} — Node ${process.version}`);
console.log(
  `${availableParallelism()} CPUs (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
    `${args.count} demo messages (seed ${args.seed}), batch ${args.batch}, best of ${args.rounds} rounds; load ${load()}`,
);

const nats = await startTestNats();
try {
  const { stats } = await publishDemoBurst(nats, args.count, args.seed);
  const stored = stats.acked;
  const nc = await nats.connect("pilot");
  const until: Record<string, number> = {};
  for (const si of await (await jetstreamManager(nc)).streams.list().next())
    if (si.state.messages > 0) until[si.config.name] = si.state.last_seq;
  await nc.close();
  const serverPid = natsServerPid();
  console.log(`published ${stats.published} demo messages, ${stored} stored in ${Object.keys(until).length} streams`);

  // The messages as ingest hands them to the store, batch by batch (payloads copied: they
  // are views into the connection's buffers).
  const batches: IngestRecord[][] = [];
  await drain(nats, "stages-collect", {
    prepareBatch(records) {
      batches.push(records.map((r) => ({ ...r, payload: r.payload.slice() })));
      return { size: records.length };
    },
    applyPrepared: (b) => ({ applied: b.size, duplicates: 0, quarantined: 0 }),
    cursors: () => ({}),
  }, until);
  const records = batches.flat();
  const n = records.length;
  check(n === stored, `collected ${n} of ${stored} messages`);

  // What the other stages work on: the intents' exact texts, and which are signed.
  const decoded = records.map((r) => decodeMessage(r.subject, r.payload));
  const intents = decoded.flatMap((d) => (d.ok && d.kind === "intent" ? [d.raw] : []));
  const verdicts = new Map<SignatureState, number>();
  const signed: string[] = [];
  for (const raw of intents) {
    const v = verifyIntentSignature(raw, { verify: nativeEd25519Verify });
    verdicts.set(v.state, (verdicts.get(v.state) ?? 0) + 1);
    if (v.state !== "unsigned") signed.push(raw);
  }
  const failing = decoded.filter((d) => !d.ok).length;
  check(signed.length > 0 && (verdicts.get("verified") ?? 0) > 0, "no verified signature among the intents");
  console.log(
    `${n} messages: ${intents.length} intents, ${signed.length} signed (${[...verdicts].map(([s, k]) => `${k} ${s}`).join(", ")}), ` +
      `${failing} quarantined by decoding`,
  );

  // The decode worker must be listening, else prepareBatch decodes on the caller's thread.
  const worker = decodeWorker();
  if (!worker) throw new Error("stage broken: no decode worker on this machine");
  for (let i = 0; i < 200 && !worker.ready; i++) await new Promise((r) => setTimeout(r, 50));
  check(worker.ready, "the decode worker did not start");

  const best = new Best();
  let bareRate = 0;
  const streamSizes = new Map<string, number>();
  for (let round = 1; round <= args.rounds; round++) {
    // NATS: the bare consumer, then ingest's own loop.
    let p = processCpuUs();
    let s = serverCpuUs(serverPid);
    const bare = await bareDrain(nats, until, args.batch, `bare-${round}`);
    check(bare.seen === n, `bare consumer saw ${bare.seen} of ${n}`);
    best.add("bare client", (processCpuUs() - p) / n);
    best.add("bare server", (serverCpuUs(serverPid) - s) / n);
    bareRate = Math.max(bareRate, (n * 1000) / bare.ms);

    const loop = nowhere();
    p = processCpuUs();
    let t = threadCpuUs();
    s = serverCpuUs(serverPid);
    await drain(nats, `stages-loop-${round}`, loop, until);
    check(loop.seen() === n, `ingest's loop read ${loop.seen()} of ${n}`);
    best.add("nats client", (processCpuUs() - p) / n);
    best.add("nats client, main thread", (threadCpuUs() - t) / n);
    best.add("nats server", (serverCpuUs(serverPid) - s) / n);

    // Decode, on this thread.
    p = processCpuUs();
    let ok = 0;
    for (const r of records) if (decodeMessage(r.subject, r.payload).ok) ok++;
    best.add("decode", (processCpuUs() - p) / n);
    check(ok === n - failing, `decoded ${ok}, expected ${n - failing}`);

    // Verify: every intent; the signed ones; the signed ones but for the Ed25519 check.
    p = processCpuUs();
    for (const raw of intents) verifyIntentSignature(raw, { verify: nativeEd25519Verify });
    best.add("verify", (processCpuUs() - p) / n);
    p = processCpuUs();
    let verified = 0;
    for (const raw of signed) if (verifyIntentSignature(raw, { verify: nativeEd25519Verify }).state === "verified") verified++;
    best.add("verify per signed intent", (processCpuUs() - p) / signed.length);
    check(verified === verdicts.get("verified"), `verified ${verified}, expected ${verdicts.get("verified")}`);
    p = processCpuUs();
    for (const raw of signed) verifyIntentSignature(raw, { verify: () => true });
    best.add("verify but Ed25519, per signed intent", (processCpuUs() - p) / signed.length);

    // SQL: each batch prepared (handed to the decode worker), the worker's answers in, then
    // written. An empty chunk posted after the batch is answered after it: the worker
    // answers in order, so its answer means the batch is decoded.
    const store = openStore(path.join(nats.dir, `stages-${round}.sqlite`));
    let handTh = 0;
    let sqlTh = 0;
    const sqlByStream = new Map<string, { us: number; n: number }>();
    const counts = { applied: 0, duplicates: 0, quarantined: 0 };
    p = processCpuUs();
    for (const b of batches) {
      t = threadCpuUs();
      const prepared: PreparedBatch = store.prepareBatch(b);
      check(worker.take(worker.post({})) !== null, "the decode worker stopped answering");
      const t1 = threadCpuUs();
      const got = store.applyPrepared(prepared);
      const t2 = threadCpuUs();
      handTh += t1 - t;
      sqlTh += t2 - t1;
      const stream = b[0]?.stream ?? "";
      const acc = sqlByStream.get(stream) ?? { us: 0, n: 0 };
      sqlByStream.set(stream, { us: acc.us + t2 - t1, n: acc.n + b.length });
      counts.applied += got.applied;
      counts.duplicates += got.duplicates;
      counts.quarantined += got.quarantined;
    }
    best.add("prepared + written, every thread", (processCpuUs() - p) / n);
    best.add("hand-over, main thread", handTh / n);
    best.add("sql", sqlTh / n);
    for (const [stream, v] of sqlByStream) {
      best.add(`sql ${stream}`, v.us / v.n);
      streamSizes.set(stream, v.n);
    }
    const rows = Object.values(store.streamCounts()).reduce((k, c) => k + c.messages, 0);
    store.close();
    check(
      counts.applied + counts.quarantined === n && counts.duplicates === 0 && counts.quarantined === failing && rows === n,
      `SQL stage: ${JSON.stringify(counts)}, ${rows} rows, expected ${n} messages of which ${failing} quarantined`,
    );

    // The whole of ingest, into a fresh index.
    const full = openStore(path.join(nats.dir, `stages-ingest-${round}.sqlite`));
    p = processCpuUs();
    t = threadCpuUs();
    s = serverCpuUs(serverPid);
    const ms = await drain(nats, `stages-ingest-${round}`, full, until);
    best.add("ingest, Pilot", (processCpuUs() - p) / n);
    best.add("ingest, main thread", (threadCpuUs() - t) / n);
    best.add("ingest, nats server", (serverCpuUs(serverPid) - s) / n);
    best.add("ingest ms", ms);
    const indexed = Object.values(full.streamCounts()).reduce((k, c) => k + c.messages, 0);
    full.close();
    check(indexed === n, `ingest indexed ${indexed} of ${n}`);
    console.log(`round ${round} done, load ${load()}`);
  }

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

  console.log(`\nNode ${process.version}, µs of CPU per message (best of ${args.rounds}), load ${load()}:`);
  console.log(`| stage | µs CPU / msg | note |`);
  console.log(`|---|---|---|`);
  console.log(`| decode (decodeMessage: lossless JSON + zod) | ${f(us("decode"))} | one thread |`);
  console.log(
    `| verify (verifyIntentSignature, Node's Ed25519) | ${f(us("verify"))} | ${f(perSigned)} per signed intent (${signed.length} of ${n} messages), of it Ed25519 ${f(ed25519)} |`,
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
} finally {
  await nats.stop();
}
