import { DeliverPolicy, RetentionPolicy, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsumerLeaderless, consumerConfig, setupSource } from "./consumer-setup";
import { startTestNats, type TestNats } from "./test-nats";
import { answerLeaderless, withConsumersMethod } from "../testing/jsm-override";

// A durable consumer whose replicas elect no leader (seen on a nats-server 2.9 cluster after
// its nodes were killed in turn): every question about it is answered 10008 while its
// stream answers. One real server, with the consumer's info answered as that cluster does.
let nats: TestNats;
let nc: NatsConnection;
let jsm: JetStreamManager;

function leaderlessInfo(real: JetStreamManager): JetStreamManager {
  return withConsumersMethod(real, "info", answerLeaderless);
}

beforeAll(async () => {
  nats = await startTestNats({}, { topology: false });
  const publisher = await nats.connect("publisher");
  const platform = await jetstreamManager(publisher);
  await platform.streams.add({ name: "LEADERLESS_LIMITS", subjects: ["smith.testonly.limits.>"], retention: RetentionPolicy.Limits });
  await platform.streams.add({ name: "LEADERLESS_INTEREST", subjects: ["smith.testonly.interest.>"], retention: RetentionPolicy.Interest });
  nc = await nats.connect("pilot");
  jsm = await jetstreamManager(nc);
  // An Interest stream keeps only what arrives once someone is interested: consumer first.
  for (const stream of ["LEADERLESS_LIMITS", "LEADERLESS_INTEREST"]) {
    await jsm.consumers.add(stream, consumerConfig(`ingest-${stream}`, 10, 1));
    for (let i = 0; i < 5; i++) await publisher.request(`smith.testonly.${stream === "LEADERLESS_LIMITS" ? "limits" : "interest"}.x`, new TextEncoder().encode(String(i)));
  }
  await publisher.close();
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await nats?.stop();
});

describe("a durable consumer without a leader", () => {
  it("is named as leaderless while it may still elect one", async () => {
    const setup = setupSource(leaderlessInfo(jsm), { stream: "LEADERLESS_LIMITS", durable: "ingest-LEADERLESS_LIMITS", batch: 10, indexSeq: 3, peer: null });
    await expect(setup).rejects.toBeInstanceOf(ConsumerLeaderless);
    await expect(setup).rejects.toThrow(/consumer ingest-LEADERLESS_LIMITS has no leader \(JetStream system temporarily unavailable\)/);
  });

  it("on a Limits stream, is replaced by one that starts just above what the index holds", async () => {
    const setup = await setupSource(leaderlessInfo(jsm), { stream: "LEADERLESS_LIMITS", durable: "ingest-LEADERLESS_LIMITS", batch: 10, indexSeq: 3, peer: null, replaceLeaderless: true });
    expect(setup.kind).toBe("ready");
    if (setup.kind !== "ready") return;
    expect(setup.action).toBe("recreated from seq 4: its replicas had no leader for too long");
    const ci = await jsm.consumers.info("LEADERLESS_LIMITS", "ingest-LEADERLESS_LIMITS");
    expect(ci.config.deliver_policy).toBe(DeliverPolicy.StartSequence);
    expect(ci.config.opt_start_seq).toBe(4);
    expect(ci.num_pending).toBe(2);
  });

  it("on an Interest stream, is never deleted (its messages would go with it): the error says what to do", async () => {
    const setup = setupSource(leaderlessInfo(jsm), { stream: "LEADERLESS_INTEREST", durable: "ingest-LEADERLESS_INTEREST", batch: 10, indexSeq: 3, peer: null, replaceLeaderless: true });
    await expect(setup).rejects.toThrow(/Pilot does not replace it because the stream has interest retention: delete it, or restart the cluster node that holds it/);
    expect((await jsm.consumers.info("LEADERLESS_INTEREST", "ingest-LEADERLESS_INTEREST")).num_pending).toBe(5);
  });

  it("on an Interest stream, is used as it is once it has a leader again, though it had none for too long", async () => {
    const setup = await setupSource(jsm, { stream: "LEADERLESS_INTEREST", durable: "ingest-LEADERLESS_INTEREST", batch: 10, indexSeq: 0, peer: null, replaceLeaderless: true });
    expect(setup.kind).toBe("ready");
    if (setup.kind !== "ready") return;
    expect(setup.action).toBe("bound");
    expect(setup.consumer.num_pending).toBe(5);
  });

  it("shared with another running ingest, is left to the operator", async () => {
    const setup = setupSource(leaderlessInfo(jsm), { stream: "LEADERLESS_LIMITS", durable: "ingest-LEADERLESS_LIMITS", batch: 10, indexSeq: 3, peer: "host-b:123", replaceLeaderless: true });
    await expect(setup).rejects.toThrow(/because another ingest shares it/);
  });
});
