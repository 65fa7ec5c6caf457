import { z } from "zod";
import type { IngestRecord, Store } from "@/lib/store";
import { auditRecord, auditRecords } from "./audit-fixture";

/**
 * 20,000 audit events (20 blocks of ids) indexed the way a newest-first walk down the ids
 * finds hardest: the batches out of order (ids run against time between the 2nd and 3rd),
 * echoes (an execution event's body again on the policy channel: the same intent and
 * time, a much higher id) of the oldest batch at the end and of the newest in the middle,
 * and late events of old intents (the newest times, at the highest ids, whose groups'
 * older events lie far below). Only the blocks' time summaries can bound such a walk.
 */
export function fillOutOfOrder(store: Pick<Store, "applyBatch">): void {
  const batches = [...auditRecords(20_000)];
  const echo = (batch: IngestRecord[] | undefined, seq: number): IngestRecord[] =>
    (batch ?? [])
      .filter((r) => r.subject.startsWith("smith.audit.execution."))
      .slice(0, 800)
      .map((r, k) => ({ ...r, seq: seq + k, subject: r.subject.replace(".execution.", ".policy.") }));
  for (const k of [0, 2, 1]) store.applyBatch(batches[k] ?? []);
  store.applyBatch(echo(batches[3], 10_000_000));
  store.applyBatch(batches[3] ?? []);
  store.applyBatch(echo(batches[0], 20_000_000));
  const end = Date.now() + 60_000;
  const late = (batches[0] ?? [])
    .filter((r) => r.subject.startsWith("smith.audit.execution."))
    .slice(800, 1_000)
    .map((r, k) => {
      const body = z.record(z.string(), z.unknown()).parse(JSON.parse(new TextDecoder().decode(r.payload)));
      const intent = r.subject.split(".").at(-1) ?? "";
      const timestamp_ns = BigInt(end - k * 1_000) * 1_000_000n;
      return auditRecord(30_000_000 + k, "policy", intent, { ...body, timestamp_ns });
    });
  store.applyBatch(late);
}
