import type { Store } from "../../lib/store";
import { auditRecords } from "../../lib/testing/audit-fixture";

/**
 * Writes the audit fixture's first `count` events into `store` through its batch path, as
 * ingest does, with progress on stderr every `every` events; returns the seconds it took.
 */
export function fillAuditIndex(store: Store, count: number, every = 100_000): number {
  const t0 = performance.now();
  let done = 0;
  for (const batch of auditRecords(count)) {
    store.applyBatch(batch);
    done += batch.length;
    if (done % every === 0) process.stderr.write(`\r  indexing audit events: ${done}/${count}`);
  }
  process.stderr.write("\n");
  return (performance.now() - t0) / 1000;
}
