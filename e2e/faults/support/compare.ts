import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { PILOT_STREAMS } from "../../../lib/nats/topology";
import { openStore } from "../../../lib/store";
import { waitFor } from "../../../lib/ingest/test-helpers";
import { BUDGET } from "./budget";

export type Counts = Record<string, { messages: number; lastSeq: number }>;

export async function streamState(jsm: JetStreamManager): Promise<Counts> {
  const out: Counts = {};
  for (const { name } of PILOT_STREAMS) {
    const si = await jsm.streams.info(name);
    if (si.state.messages > 0) out[name] = { messages: si.state.messages, lastSeq: si.state.last_seq };
  }
  return out;
}

/** Per stream: count and last sequence, as the index holds them (read from its file). */
export function indexState(indexPath: string): { counts: Counts; intents: number } {
  const store = openStore(indexPath);
  try {
    return { counts: store.streamCounts(), intents: store.tableCounts().intents ?? 0 };
  } finally {
    store.close();
  }
}

function sameCounts(a: Counts, b: Counts): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].every((n) => a[n]?.messages === b[n]?.messages && a[n]?.lastSeq === b[n]?.lastSeq);
}

export function total(c: Counts): number {
  return Object.values(c).reduce((n, s) => n + s.messages, 0);
}

/**
 * Waits until the index equals the streams (every stream's count and last seq), then
 * prints what it compared, as the fault suite promises.
 */
export async function expectIndexEqualsStreams(fault: string, nc: NatsConnection, indexPath: string, timeoutMs: number = BUDGET.indexMs): Promise<Counts> {
  const jsm = await jetstreamManager(nc);
  let streams: Counts = {};
  let index: Counts = {};
  try {
    await waitFor(`${fault}: the index to equal the streams`, async () => {
      streams = await streamState(jsm);
      index = indexState(indexPath).counts;
      return sameCounts(streams, index);
    }, timeoutMs, 500);
  } catch (error) {
    throw new Error(`${String(error)}\n  streams: ${JSON.stringify(streams)}\n  index:   ${JSON.stringify(index)}`);
  }
  const lines = Object.entries(streams).map(([s, c]) => `${s} ${c.messages} msgs / last seq ${c.lastSeq}`);
  console.log(`[fault] ${fault}: index = streams (${total(streams)} messages): ${lines.join(", ")}`);
  return streams;
}

/** The intent ids the vetted-intents stream holds, and whether the index holds each. */
export async function expectSameIntentIds(fault: string, nc: NatsConnection, indexPath: string): Promise<void> {
  const { DeliverPolicy, jetstream } = await import("@nats-io/jetstream");
  const { decodeMessage } = await import("../../../lib/protocol/subjects");
  const js = jetstream(nc);
  const info = await (await js.streams.get("ATOMS_VETTED")).info();
  const ids = new Set<string>();
  if (info.state.messages > 0) {
    const consumer = await js.consumers.get("ATOMS_VETTED", { deliver_policy: DeliverPolicy.All });
    const iter = await consumer.fetch({ max_messages: info.state.messages, expires: 30_000 });
    for await (const m of iter) {
      const d = decodeMessage(m.subject, m.data);
      if (d.ok && d.kind === "intent") ids.add(d.value.id);
      if (m.seq >= info.state.last_seq) break;
    }
  }
  const store = openStore(indexPath);
  try {
    const missing = [...ids].filter((id) => !store.getIntent(id)?.intent);
    console.log(`[fault] ${fault}: ${ids.size} intent ids in the stream, ${ids.size - missing.length} in the index`);
    if (missing.length > 0) throw new Error(`${fault}: ${missing.length} intents missing from the index, e.g. ${missing[0]}`);
  } finally {
    store.close();
  }
}
