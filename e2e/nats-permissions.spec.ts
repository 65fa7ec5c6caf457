import type { NatsConnection } from "@nats-io/nats-core";
import { DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connectAs } from "./support/nats-clients";
import { expect, test } from "./support/test";

async function errorsDuring(nc: NatsConnection, action: () => Promise<void>): Promise<string[]> {
  const errors: string[] = [];
  const watcher = (async () => {
    for await (const s of nc.status()) if (s.type === "error") errors.push(s.error.message);
  })();
  await action();
  await nc.flush();
  await nc.close();
  await watcher;
  return errors;
}

test("nats-server refuses the viewer's publish to a platform subject", async ({ stack }) => {
  const publisher = await connectAs(stack, "publisher");
  const sub = publisher.subscribe("smith.intents.x", { max: 1 });
  await publisher.flush();

  const viewer = await connectAs(stack, "viewer");
  const errors = await errorsDuring(viewer, async () => {
    viewer.publish("smith.intents.x", "forged");
  });
  expect(errors.join("\n")).toMatch(/permissions violation for publish to "smith\.intents\.x"/i);

  // Nothing reached a subscriber: the server dropped it.
  await publisher.flush();
  expect(sub.getProcessed()).toBe(0);
  await publisher.close();
});

test("the viewer can read a stream through an ordered consumer", async ({ stack }) => {
  const publisher = await connectAs(stack, "publisher");
  const ack = await jetstream(publisher).publish("newt.replies.e2e.perm", '{"model_id":"m"}');
  await publisher.close();

  const viewer = await connectAs(stack, "viewer");
  const consumer = await jetstream(viewer).consumers.get("NEWT_REPLIES", {
    filter_subjects: "newt.replies.e2e.>",
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: ack.seq,
  });
  const msg = await consumer.next({ expires: 5000 });
  expect(msg?.subject).toBe("newt.replies.e2e.perm");
  expect(msg?.seq).toBe(ack.seq);
  await viewer.close();
});

test("nats-server refuses every kind of publish by the browser's user: intents, replies, stream deletion", async ({ stack }) => {
  const subjects = ["smith.intents.fs.read.v1", "newt.replies.x.y", "$JS.API.STREAM.DELETE.ATOMS_VETTED", "$JS.API.STREAM.PURGE.AUDIT_SECURITY", "smith.results.x"];
  const watcher = await connectAs(stack, "pilot");
  const jsm = await jetstreamManager(watcher);
  const before = (await jsm.streams.info("ATOMS_VETTED")).state.messages;
  const viewer = await connectAs(stack, "viewer");
  const errors = await errorsDuring(viewer, async () => {
    for (const s of subjects) viewer.publish(s, "forged");
  });
  const said = errors.join("\n").toLowerCase();
  for (const s of subjects) expect(said, s).toContain(`permissions violation for publish to "${s.toLowerCase()}"`);
  // The stream is still there, with the same messages.
  expect((await jsm.streams.info("ATOMS_VETTED")).state.messages).toBe(before);
  await watcher.close();
});
