import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLossless, stringifyLossless } from "@/lib/protocol/json";
import { auditEntrySchema } from "@/lib/protocol/smith-audit";
import { auditRecords } from "@/lib/testing/audit-fixture";
import { applyInBatches, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import type { IngestRecord } from "../index";
import { FRAME } from "./payload-frames";

/*
 * Each audit message is kept once, in a compressed frame of 64 event ids, and is both the
 * evidence (its bytes as received) and the source of the columns the list shows. Written
 * in batches of 7 so that frames are completed across batches (read back, added to,
 * written again), with payloads laid out in ways a re-serialization would not keep.
 */
let t: TempStore;
const records: IngestRecord[] = [];

/** The same JSON, spaced out: equal values, other bytes. */
function spaced(r: IngestRecord): IngestRecord {
  const text = stringifyLossless(parseLossless(new TextDecoder().decode(r.payload)), 2).replace(/"reason": "/g, '"reason":   "é ✓ ');
  return { ...r, payload: new TextEncoder().encode(`\n ${text}\t\n`) };
}

beforeAll(() => {
  t = tempStore();
  for (const batch of auditRecords(300, 3)) records.push(...batch.map((r, i) => (i % 3 === 0 ? spaced(r) : r)));
  applyInBatches(t.store, records, 7);
}, 120_000);
afterAll(() => t.cleanup());

describe("audit payloads kept once, by frames", () => {
  it("hands every message back byte for byte, across frames completed by later batches", () => {
    const sent = new Map(records.map((r) => [r.seq, Buffer.from(r.payload)]));
    let n = 0;
    for (const chunk of t.store.evidenceRows(t.store.auditEvidenceKeys({ limit: 50 }))) {
      for (const r of chunk) {
        expect(Buffer.from(r.bytes).equals(sent.get(r.seq) ?? Buffer.alloc(0)), `seq ${r.seq}`).toBe(true);
        n++;
      }
    }
    expect(n).toBe(records.length);
    const raw = new Database(t.file, { readonly: true });
    const top = raw.prepare<number>("SELECT max(id) FROM audit_events").pluck().get() ?? 0;
    expect(raw.prepare<number>("SELECT count(*) FROM audit_payloads").pluck().get()).toBe(Math.floor(top / FRAME) + 1);
    raw.close();
  });

  it("shows a spaced-out message's columns as it shows a compact one's", () => {
    const items = [];
    let after: readonly [number, number] | undefined;
    for (;;) {
      const page = t.store.searchAudit({ limit: 100, after });
      items.push(...page.items);
      const last = page.items.at(-1);
      if (!page.nextCursor || !last) break;
      after = [last.tsMs, last.id];
    }
    expect(items.length).toBe(records.length);
    for (const item of items) {
      const sent = records.find((r) => r.seq === item.seq);
      if (!sent) throw new Error(`no record for seq ${item.seq}`);
      const body = auditEntrySchema.parse(parseLossless(new TextDecoder().decode(sent.payload)));
      expect(item.resultStatus).toBe(body.result_status);
      expect(item.decisions.map((d) => d.reason)).toEqual(body.policy_decisions.map((d) => d.reason));
      expect(item.cgroupPath).toBe(body.security_context.cgroup_path);
      expect(item.landlock).toBe(true);
      expect(item.securityContext).toMatchObject({ sandbox_mode: item.sandboxMode, user_ns: 4026531837 });
    }
  });
});
