import { AckPolicy, DeliverPolicy, RetentionPolicy, jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestNats, type TestNats } from "../ingest/test-nats";
import { createFreshConsumer } from "./fresh-consumer";
import { withConsumersMethod } from "../testing/jsm-override";

let nats: TestNats;
let nc: NatsConnection;
let jsm: JetStreamManager;
const STREAM = "FRESH_CONSUMER";
const config = {
  name: "tab-slot-3",
  filter_subject: "smith.testonly.fresh.>",
  deliver_policy: DeliverPolicy.StartSequence,
  opt_start_seq: 1,
  ack_policy: AckPolicy.None,
  mem_storage: true,
  num_replicas: 1,
};

/** The manager as it is while the consumer's node is down: a delete does not get through. */
function deleteFails(real: JetStreamManager): JetStreamManager {
  return withConsumersMethod(real, "delete", () => Promise.reject(new Error("TIMEOUT")));
}

async function readThree(): Promise<number[]> {
  const consumer = await jetstream(nc).consumers.get(STREAM, config.name);
  const seqs: number[] = [];
  for await (const m of await consumer.fetch({ max_messages: 3, expires: 5000 })) seqs.push(m.seq);
  return seqs;
}

beforeAll(async () => {
  nats = await startTestNats({}, { topology: false });
  const publisher = await nats.connect("publisher");
  await (await jetstreamManager(publisher)).streams.add({ name: STREAM, subjects: ["smith.testonly.fresh.>"], retention: RetentionPolicy.Limits });
  for (let i = 0; i < 10; i++) await publisher.request("smith.testonly.fresh.x", new TextEncoder().encode(String(i)));
  await publisher.close();
  nc = await nats.connect("pilot");
  jsm = await jetstreamManager(nc);
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await nats?.stop();
});

describe("a tab's consumer in a reused slot", () => {
  it("starts at the sequence asked for, after an earlier one of the same name was read from", async () => {
    expect(await createFreshConsumer(jsm, STREAM, config)).toEqual({ ok: true });
    expect(await readThree()).toEqual([1, 2, 3]);
    expect(await createFreshConsumer(jsm, STREAM, config)).toEqual({ ok: true });
    expect(await readThree()).toEqual([1, 2, 3]);
  });

  it("is refused, never handed over part-read, when the earlier one could not be deleted", async () => {
    expect(await createFreshConsumer(jsm, STREAM, config)).toEqual({ ok: true });
    expect(await readThree()).toEqual([1, 2, 3]);
    const again = await createFreshConsumer(deleteFails(jsm), STREAM, config);
    expect(again).toEqual({ ok: false, error: expect.stringMatching(/consumer tab-slot-3 already existed and had delivered up to seq 3/) });
    // Refused and removed: the next attempt (its delete getting through or not) starts clean.
    expect(await createFreshConsumer(jsm, STREAM, config)).toEqual({ ok: true });
    expect(await readThree()).toEqual([1, 2, 3]);
  });
});
