// The integrity fixtures as ingest records, for unit tests that fill a store directly. Kept
// apart from integrity-fixtures.ts: that one is loaded by Playwright, and this one reaches
// the store (server-only).
import type { IngestRecord } from "../store";
import type { FixtureMessage } from "./integrity-fixtures";
import { streamOf } from "./store-fixtures";

/** Fixture messages as ingest records, numbered per stream in the order given. */
export function fixtureRecords(messages: readonly FixtureMessage[]): IngestRecord[] {
  const next = new Map<string, number>();
  return messages.map((m) => {
    const stream = streamOf(m.subject);
    const seq = (next.get(stream) ?? 0) + 1;
    next.set(stream, seq);
    return {
      stream,
      seq,
      subject: m.subject,
      headers: m.headers ? Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, [v]])) : null,
      payload: new TextEncoder().encode(m.payload),
      publishedAtNs: null,
    };
  });
}
