import type { JetStreamManager } from "@nats-io/jetstream";
import { z } from "zod";
import { INGEST_CONSUMER_DESCRIPTION } from "../ingest/consumer-setup";

/**
 * Every replica's ingest as JetStream sees it: each durable consumer that ingest made (on
 * any stream, whatever its replica's PILOT_INGEST_CONSUMER prefix), with how much it has
 * not acked and since when. It is the same answer on every replica, so an ingest-stalled
 * rule reaches the same verdict (and the same firing key) wherever it is evaluated, and
 * sees ingest that runs in another process or on another replica as well as its own.
 */
export interface IngestConsumerView {
  stream: string;
  durable: string;
  /** Messages not yet acked: not delivered (num_pending) plus delivered and unacked (num_ack_pending). */
  behind: number;
  /** When the oldest message it has not acked was stored (null: not read). */
  waitingSinceMs: number | null;
  /** Its last ack (JetStream's ack floor), or its creation when it never acked. */
  progressMs: number;
}

const time = z.string().transform((s, ctx) => {
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) ctx.addIssue({ code: "custom", message: "not a time" });
  return ms;
});

// Consumer info from the server: only the fields judged, parsed (2.9 sends times as RFC 3339).
const consumerInfo = z.object({
  name: z.string(),
  created: time,
  config: z.object({ description: z.string().optional() }),
  num_pending: z.number().int().nonnegative(),
  num_ack_pending: z.number().int().nonnegative(),
  ack_floor: z.object({ stream_seq: z.number().int().nonnegative(), last_active: time.optional() }),
});

export async function readIngestFleet(jsm: JetStreamManager): Promise<IngestConsumerView[]> {
  const out: IngestConsumerView[] = [];
  for await (const stream of jsm.streams.names()) {
    for await (const raw of jsm.consumers.list(stream)) {
      const c = consumerInfo.safeParse(raw);
      if (!c.success || c.data.config.description !== INGEST_CONSUMER_DESCRIPTION) continue;
      const behind = c.data.num_pending + c.data.num_ack_pending;
      // The oldest message not acked is the one after the ack floor (explicit acks, no filter).
      const oldest = behind > 0 ? await jsm.streams.getMessage(stream, { seq: c.data.ack_floor.stream_seq + 1 }).catch(() => null) : null;
      out.push({
        stream,
        durable: c.data.name,
        behind,
        waitingSinceMs: oldest ? oldest.time.getTime() : null,
        progressMs: c.data.ack_floor.last_active ?? c.data.created,
      });
    }
  }
  return out;
}

/**
 * The consumers stalled for `windowMs` at `now`: behind, with the oldest message they have
 * not acked waiting for the window, and no ack for the window. A consumer keeping up (even
 * far behind, acking) is not stalled; one that is idle with nothing to do is not either.
 */
export function stalledConsumers(views: readonly IngestConsumerView[], now: number, windowMs: number): IngestConsumerView[] {
  return views.filter((v) => v.behind > 0 && now - (v.waitingSinceMs ?? v.progressMs) >= windowMs && now - v.progressMs >= windowMs);
}
