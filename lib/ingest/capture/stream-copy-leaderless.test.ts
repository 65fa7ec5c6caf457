import { DeliverPolicy, RetentionPolicy, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CAPTURE_STREAM } from "@/lib/protocol/captured-subject";
import { answerLeaderless, withConsumersMethod } from "../../testing/jsm-override";
import { ConsumerLeaderless } from "../consumer-setup";
import { waitFor } from "../test-helpers";
import { startTestNats, type TestNats } from "../test-nats";
import { createCaptureState, type CaptureState } from "./capture-state";
import { ensureCaptureStreams } from "./capture-streams";
import { createCaptureWriter } from "./capture-writer";
import { copyDurable, runCopy, setupCopy, type CopyStatus } from "./stream-copy";

// A copy consumer whose replicas elect no leader (seen on a nats-server 2.9 cluster after
// its nodes were killed in turn): every question about it is answered 10008 while its
// stream answers, until it is deleted and added again. One real server, with the
// consumer's lookup answered as that cluster does.
vi.setConfig({ testTimeout: 90_000 });

let nats: TestNats;
let publisher: NatsConnection;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
let state: CaptureState;

const LIMITS = "COPY_LEADERLESS_LIMITS";
const INTEREST = "COPY_LEADERLESS_INTEREST";
const subject = (stream: string, i: number) => `smith.testonly.${stream.toLowerCase()}.m${i}`;

/** The client and manager as a cluster answers for a leaderless consumer, until it is deleted. */
function leaderlessUntilDeleted(): { js: JetStreamClient; jsm: JetStreamManager; deletes: () => number } {
  let stuck = true;
  let deletes = 0;
  return {
    js: withConsumersMethod(js, "get", (stream: string, name: string) => (stuck ? answerLeaderless() : js.consumers.get(stream, name))),
    jsm: withConsumersMethod(jsm, "delete", async (stream: string, name: string) => {
      deletes++;
      stuck = false;
      return jsm.consumers.delete(stream, name);
    }),
    deletes: () => deletes,
  };
}

function copyStatus(stream: string): CopyStatus {
  return { stream, durable: copyDurable(stream), copied: 0, lastSeq: 0, pending: null, lastError: null, lastErrorAt: null };
}

async function captured(): Promise<string[]> {
  const out: string[] = [];
  const info = await jsm.streams.info(CAPTURE_STREAM);
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++)
    out.push((await jsm.streams.getMessage(CAPTURE_STREAM, { seq }))?.subject ?? `no message at #${seq}`);
  return out;
}

beforeAll(async () => {
  nats = await startTestNats({}, { topology: false });
  publisher = await nats.connect("publisher");
  const platform = await jetstreamManager(publisher);
  await platform.streams.add({ name: LIMITS, subjects: [`smith.testonly.${LIMITS.toLowerCase()}.>`], retention: RetentionPolicy.Limits });
  await platform.streams.add({ name: INTEREST, subjects: [`smith.testonly.${INTEREST.toLowerCase()}.>`], retention: RetentionPolicy.Interest });
  nc = await nats.connect("pilot");
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
  await ensureCaptureStreams(jsm, nats.settings.streams);
  state = createCaptureState(js, jsm);
  // Each copy consumer set up as capture sets it up, before the platform publishes (an
  // Interest stream keeps only what arrives once someone is interested).
  for (const stream of [LIMITS, INTEREST]) {
    await setupCopy(jsm, state, stream, Date.now());
    for (let i = 1; i <= 5; i++) await publisher.request(subject(stream, i), new TextEncoder().encode(String(i)));
  }
}, 60_000);

afterAll(async () => {
  await publisher?.close();
  await nc?.close();
  await nats?.stop();
});

describe("a copy consumer without a leader", () => {
  it("on a Limits stream, is replaced by one that starts just above what was copied, and the copying goes on", async () => {
    // A run before this one copied up to seq 3 and left its watermark there.
    await state.setWatermark(LIMITS, { seq: 3, atMs: Date.now(), sinceMs: Date.now() });
    const cluster = leaderlessUntilDeleted();
    const status = copyStatus(LIMITS);
    const lines: string[] = [];
    const abort = new AbortController();
    const run = runCopy(cluster.js, cluster.jsm, createCaptureWriter(js), state, status, abort.signal, { retryMs: 20, leaderlessMs: 300, log: (l) => lines.push(l) });
    try {
      await waitFor("the copy to meet the leaderless consumer", () => status.lastError !== null, 30_000);
      await waitFor("messages 4 and 5 copied", () => status.copied === 2, 30_000);
    } finally {
      abort.abort();
      await run;
    }
    expect(cluster.deletes()).toBe(1);
    expect(lines).toEqual([`${LIMITS}: consumer ${copyDurable(LIMITS)} had no leader for too long: recreated from seq 4`]);
    const ci = await jsm.consumers.info(LIMITS, copyDurable(LIMITS));
    expect([ci.config.deliver_policy, ci.config.opt_start_seq]).toEqual([DeliverPolicy.StartSequence, 4]);
    expect(status.lastSeq).toBe(5);
    expect(await captured()).toEqual([`pilot.capture.${subject(LIMITS, 4)}`, `pilot.capture.${subject(LIMITS, 5)}`]);
  });

  it("on an Interest stream, is never deleted (its messages would go with it): the error says what to do, and copying resumes once it has a leader", async () => {
    const cluster = leaderlessUntilDeleted();
    let leaderBack = false;
    const clusterJs = withConsumersMethod(js, "get", (stream: string, name: string) => (leaderBack ? js.consumers.get(stream, name) : cluster.js.consumers.get(stream, name)));
    const status = copyStatus(INTEREST);
    const abort = new AbortController();
    const run = runCopy(clusterJs, cluster.jsm, createCaptureWriter(js), state, status, abort.signal, { retryMs: 20, leaderlessMs: 300 });
    try {
      await waitFor("the copy to say why it does not replace the consumer", () => /Pilot does not replace it because the stream has interest retention: delete it, or restart the cluster node that holds it/.test(status.lastError ?? ""), 30_000);
      expect(cluster.deletes()).toBe(0);
      expect((await jsm.consumers.info(INTEREST, copyDurable(INTEREST))).num_pending).toBe(5);
      leaderBack = true;
      await waitFor("the five messages copied once the consumer has a leader again", () => status.copied === 5, 30_000);
    } finally {
      abort.abort();
      await run;
    }
    expect(cluster.deletes()).toBe(0);
  });

  it("is named as leaderless when it is set up (capture then leaves it to its copy run instead of stopping)", async () => {
    const leaderlessInfo = withConsumersMethod(jsm, "info", answerLeaderless);
    await expect(setupCopy(leaderlessInfo, state, LIMITS, Date.now())).rejects.toBeInstanceOf(ConsumerLeaderless);
  });
});
