import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { TestNats } from "../../lib/ingest/test-nats";

/**
 * The ceiling ingest is compared with: one plain pull consumer per stream (a new durable
 * `name`), all at once, acking each message and nothing else, until each stream's last
 * sequence in `until`. Wall time from the first consume to the server having the acks.
 */
export async function bareDrain(
  nats: TestNats,
  until: Readonly<Record<string, number>>,
  batch: number,
  name = "bare",
): Promise<{ ms: number; seen: number }> {
  const nc = await nats.connect("pilot");
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  let seen = 0;
  const started = performance.now();
  await Promise.all(
    Object.entries(until).map(async ([stream, last]) => {
      await jsm.consumers.add(stream, { durable_name: name, ack_policy: AckPolicy.Explicit, max_ack_pending: 10_000 });
      const messages = await (await js.consumers.get(stream, name)).consume({ max_messages: batch });
      for await (const m of messages) {
        m.ack();
        seen++;
        if (m.seq >= last) break;
      }
    }),
  );
  await nc.flush();
  const ms = performance.now() - started;
  await nc.drain();
  return { ms, seen };
}
