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
import { availableParallelism, cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { jetstreamManager } from "@nats-io/jetstream";
import { z } from "zod";
import { publishDemoBurst, startTestNats } from "../../lib/ingest/test-nats";
import { verifyIntentSignature, type SignatureState } from "../../lib/protocol/signature";
import { decodeMessage } from "../../lib/protocol/subjects";
import { decodeWorker, nativeEd25519Verify, type IngestRecord } from "../../lib/store";
import { Best, check, load, natsServerPid } from "./cpu-clocks";
import { drain } from "./stage-drain";
import { measureRound } from "./stage-round";
import { printStagesTable } from "./stages-table";

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
  }, until, args.batch);
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
  const corpus = { nats, serverPid, until, batch: args.batch, batches, records, intents, signed, verified: verdicts.get("verified") ?? 0, failing };
  for (let round = 1; round <= args.rounds; round++)
    bareRate = Math.max(bareRate, await measureRound(corpus, worker, round, best, streamSizes));
  printStagesTable(best, { n, signed: signed.length, rounds: args.rounds, bareRate, streamSizes });
} finally {
  await nats.stop();
}
