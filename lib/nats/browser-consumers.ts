import "server-only";
import { AckPolicy, DeliverPolicy, jetstreamManager, ReplayPolicy } from "@nats-io/jetstream";
import { nanos } from "@nats-io/nats-core";
import type { User } from "../auth/auth-store";
import { browserConsumerName } from "../live/browser-grants";
import type { ConsumerRequest } from "../live/credentials-schema";
import { isReadable, readableSubjects } from "../live/readable-subjects";
import { CAPTURE_PREFIX, originalSubject } from "../protocol/captured-subject";
import { consumerPrefixFor } from "./auth/browser-credential";
import { createFreshConsumer } from "./fresh-consumer";
import { liveSecret } from "./live-credentials";
import { liveSources } from "./live-sources";
import { serverConnection } from "./server-connection";

/** A consumer nobody pulls from is removed by nats-server after this long (a closed tab's). */
export const BROWSER_CONSUMER_INACTIVE_MS = 15_000;
/** A JetStream request that takes longer is as good as lost (a dead cluster node). */
const API_TIMEOUT_MS = 4_000;

export type ConsumerOutcome = { ok: true; name: string } | { ok: false; status: 403 | 502; error: string };

/**
 * Creates a tab's consumer, as an ordered consumer would be (no acks, memory, one replica,
 * removed when idle), in the tab's slot `slot`. Pilot's server creates it, not the browser,
 * so that what the browser reads is what its role may: the stream must be one the index is
 * built from and the filter inside the role's subjects. The browser's own NATS user may
 * then only pull from, inspect and delete the consumers of its own slots.
 */
export async function createBrowserConsumer(user: User, req: ConsumerRequest): Promise<ConsumerOutcome> {
  const source = (await liveSources()).find((s) => s.stream === req.stream);
  if (!source) return { ok: false, status: 403, error: `${req.stream} is not a stream Pilot reads` };
  if (source.captured && !req.filter.startsWith(CAPTURE_PREFIX))
    return { ok: false, status: 403, error: `a filter on ${req.stream} starts with ${CAPTURE_PREFIX}` };
  const subject = source.captured ? originalSubject(req.filter) : req.filter;
  if (!isReadable(readableSubjects(user.role), subject))
    return { ok: false, status: 403, error: `the ${user.role} role may not follow ${subject}` };
  const name = browserConsumerName(consumerPrefixFor(liveSecret(), user.username, req.key), req.slot);
  try {
    const jsm = await jetstreamManager(await serverConnection(), { timeout: API_TIMEOUT_MS });
    const created = await createFreshConsumer(jsm, req.stream, {
      name,
      filter_subject: req.filter,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: req.startSeq,
      ack_policy: AckPolicy.None,
      max_deliver: 1,
      replay_policy: ReplayPolicy.Instant,
      mem_storage: true,
      num_replicas: 1,
      inactive_threshold: nanos(BROWSER_CONSUMER_INACTIVE_MS),
    });
    if (!created.ok) return { ok: false, status: 502, error: created.error };
    return { ok: true, name };
  } catch (err) {
    return { ok: false, status: 502, error: err instanceof Error ? err.message : String(err) };
  }
}
