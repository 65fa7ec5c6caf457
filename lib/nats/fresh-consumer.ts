import type { ConsumerConfig, JetStreamManager } from "@nats-io/jetstream";

/**
 * Creates the consumer `name` anew, or fails: never hands back one that already delivered.
 * A slot's name is reused, and what it held before is deleted first; but that delete can
 * fail (its cluster node is down, the request timed out), and nats-server answers an add
 * whose name and configuration match an existing consumer with that consumer, as it is.
 * One an earlier attempt created and read from would then start past messages the tab
 * still needs, and the page would show "Connected" without them.
 */
export async function createFreshConsumer(
  jsm: JetStreamManager,
  stream: string,
  config: Partial<ConsumerConfig> & { name: string },
): Promise<{ ok: true } | { ok: false; error: string }> {
  await jsm.consumers.delete(stream, config.name).catch(() => false);
  const ci = await jsm.consumers.add(stream, config);
  if (ci.delivered.consumer_seq === 0) return { ok: true };
  await jsm.consumers.delete(stream, config.name).catch(() => false);
  return {
    ok: false,
    error: `consumer ${config.name} already existed and had delivered up to seq ${ci.delivered.stream_seq} (an earlier attempt's, not deleted in time): try again`,
  };
}
