/**
 * µs of CPU per message for Pilot's lossless JSON decoding, on the demo's traffic (seed 42,
 * 5,000 messages: intents with nanosecond timestamps past 2^53, results, audit events,
 * graph deltas, scorecards): `parseLossless` (every message ingest reads) and `parseExact`
 * (intents again, numbers as written, for the signature). Best of a few rounds.
 *
 * Beside them, the same decoding done by the runtime alone: JSON.parse with a reviver that
 * rebuilds numbers from their source text (`context.source`, Node 22+), the replacement
 * issue 19 weighed for lib/protocol/json-fast.ts. It does no repeated-key check, so it
 * is a lower bound for that design.
 *
 *   node --import tsx scripts/bench/json-decode.ts [--rounds 7]
 */
import { parseArgs } from "node:util";
import { LosslessNumber, parseExact, parseLossless } from "../../lib/protocol/json";
import { demoMessages } from "../../lib/testing/demo/generator";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "7" } } });
const rounds = Number(values.rounds);
const texts = demoMessages({ seed: 42 }, 5000)
  .filter((m) => !m.malformed)
  .map((m) => m.payload);
const intents = texts.filter((t) => t.includes('"created_at_ns"'));

interface ReviverContext {
  source?: string;
}
const INTEGER = /^-?[0-9]+$/;
const bySource = (_key: string, v: unknown, ctx?: ReviverContext): unknown =>
  typeof v === "number" && ctx?.source !== undefined && !Number.isSafeInteger(v) && INTEGER.test(ctx.source) ? BigInt(ctx.source) : v;
const exactBySource = (_key: string, v: unknown, ctx?: ReviverContext): unknown =>
  typeof v === "number" && ctx?.source !== undefined ? new LosslessNumber(ctx.source) : v;

function best(parse: (text: string) => unknown, input: readonly string[]): number {
  let bestUs = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.cpuUsage();
    for (let k = 0; k < 4; k++) for (const t of input) parse(t);
    const cpu = process.cpuUsage(t0);
    bestUs = Math.min(bestUs, (cpu.user + cpu.system) / (4 * input.length));
  }
  return bestUs;
}

const bytes = texts.reduce((n, t) => n + t.length, 0) / texts.length;
console.log(`Node ${process.version}: ${texts.length} messages (${bytes.toFixed(0)} chars on average), ${intents.length} intents`);
console.log(`parseLossless, every message: ${best(parseLossless, texts).toFixed(2)} µs CPU per message`);
console.log(`parseExact, intents:          ${best(parseExact, intents).toFixed(2)} µs CPU per message`);
console.log(`JSON.parse (not exact), every message: ${best((t) => JSON.parse(t), texts).toFixed(2)} µs CPU per message`);
if (!bySourceWorks()) {
  console.log("this JSON.parse gives revivers no source text (Node 22+ does)");
} else {
  console.log(`JSON.parse + source-text reviver, every message: ${best((t) => JSON.parse(t, bySource), texts).toFixed(2)} µs CPU per message`);
  console.log(`JSON.parse + source-text reviver, exact, intents: ${best((t) => JSON.parse(t, exactBySource), intents).toFixed(2)} µs CPU per message`);
}

function bySourceWorks(): boolean {
  return JSON.parse("12345678901234567890", bySource) === 12345678901234567890n;
}
