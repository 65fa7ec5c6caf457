import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditRecord } from "@/lib/testing/audit-fixture";
import { MEMBERS } from "@/lib/evidence/format";
import { verifyBundle } from "@/lib/evidence/verify";
import { demoRecords } from "@/lib/testing/store-fixtures";
import { parseLossless } from "@/lib/protocol/json";
import { executorAuditRecordSchema } from "@/lib/protocol/smith-audit";
import { EXECUTOR_AUDIT_RECORD_RAW } from "@/lib/protocol/test-fixtures";
import { EVIDENCE_RECORDS_HEADER } from "./evidence-export";
import { DEMO_MESSAGES, exportedBundleFixture } from "./test-evidence-bundle";

/*
 * A bundle really exported (demo traffic ingested into a real index, the export handler,
 * the tar it streams) and really verified (the verifier the CLI and the standalone file
 * run); the other queries it exports, and the ones it refuses.
 */
const ev = exportedBundleFixture();

describe("an evidence bundle of an audit query", () => {
  it("holds at least 10,000 records, and verifies", () => {
    const report = verifyBundle(ev.bundleFile, { expectedKey: ev.key.publicKey });
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.records).toBeGreaterThanOrEqual(10_000);
    expect(report.manifest?.records).toBe(report.records);
    // Demo traffic signs most intents, tampers with some and leaves some unsigned: each
    // is checked again offline and agrees with the verdict Pilot recorded at ingest.
    expect(report.intents.valid).toBeGreaterThan(0);
    expect(report.intents.invalid).toBeGreaterThan(0);
    expect(report.intents.unsigned).toBeGreaterThan(0);
    expect(report.fingerprint).toBe(ev.key.fingerprint);
  });

  it("is a tar that tar itself reads, in the members' order", () => {
    expect(ev.members.map((m) => m.name)).toEqual([MEMBERS.manifest, MEMBERS.signature, MEMBERS.readme, MEMBERS.records, MEMBERS.messages]);
    const listing = execFileSync("tar", ["-tf", ev.bundleFile], { encoding: "utf8" }).trim().split("\n");
    expect(listing).toEqual(ev.members.map((m) => m.name));
  });

  it("keeps each message's bytes as received: stream order, and payloads equal to what was ingested", () => {
    const lines = ev.recordLines();
    const { records } = demoRecords(DEMO_MESSAGES);
    const sent = new Map(records.map((r) => [`${r.stream}#${r.seq}`, Buffer.from(r.payload)]));
    const msgs = ev.member(MEMBERS.messages);
    for (const [i, l] of lines.entries()) {
      const prev = lines[i - 1];
      if (prev) expect(l.stream > prev.stream || (l.stream === prev.stream && l.seq > prev.seq)).toBe(true);
      const bytes = ev.bundle.subarray(msgs.offset + l.offset, msgs.offset + l.offset + l.length);
      expect(bytes.equals(sent.get(`${l.stream}#${l.seq}`) ?? Buffer.alloc(0)), `${l.stream} #${l.seq}`).toBe(true);
    }
    expect(lines.some((l) => l.kind === "intent")).toBe(true);
    expect(lines.some((l) => l.kind === "audit")).toBe(true);
  });

  it("exports an intents query too, with every intent's signature checked", async () => {
    const res = await ev.exportBundle("source=intents&signature=invalid");
    expect(res.status).toBe(200);
    const file = path.join(ev.dir, "intents.tar");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const report = verifyBundle(file, { expectedKey: ev.key.fingerprint });
    expect(report.failures).toEqual([]);
    expect(report.records).toBe(Number(res.headers.get(EVIDENCE_RECORDS_HEADER)));
    expect(report.records).toBeGreaterThan(0);
    expect(report.intents).toEqual({ valid: 0, invalid: report.records, unsigned: 0 });
    expect(report.manifest?.query).toEqual({ source: "intents", params: { source: "intents", signature: "invalid" } });
  });

  it("puts a conflicting copy of an intent id (other bytes) in beside the first, each with its own verdict", async () => {
    const { records } = demoRecords(DEMO_MESSAGES);
    const first = records.find((r) => r.subject.startsWith("smith.intents.vetted.") && new TextDecoder().decode(r.payload).includes('"domain":"'));
    if (!first) throw new Error("no intent in the demo traffic");
    const text = new TextDecoder().decode(first.payload).replace('"domain":"', '"domain":"changed-');
    const copy = { ...first, seq: 8_000_000, payload: new TextEncoder().encode(text) };
    expect(ev.ts.store.applyBatch([copy]).applied).toBe(1);
    const res = await ev.exportBundle("source=intents&copies=conflicting");
    expect(res.status).toBe(200);
    const file = path.join(ev.dir, "copies.tar");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const report = verifyBundle(file, { expectedKey: ev.key.publicKey });
    expect(report.failures).toEqual([]);
    expect(report.records).toBe(2);
    // The changed copy no longer matches its signature, and Pilot recorded exactly that.
    expect(report.intents.invalid).toBeGreaterThanOrEqual(1);
  });

  it("refuses (409, saying why) a query whose audit events have no bytes kept, rather than leave them out", async () => {
    const executor = "exec-evidence-no-bytes";
    const intentId = "0190a0a0-0000-7000-8000-000000000001";
    const body = { intent_id: intentId, result_status: "ok", timestamp_ns: 1_780_000_000_000_000_000n, executor_id: executor, policy_decisions: [], security_context: { sandbox_mode: "full", user_ns: null, mount_ns: null, pid_ns: null, net_ns: null, cgroup_path: null, landlock_enabled: true, seccomp_enabled: true, allowlist_hits: null } };
    const record = auditRecord(9_000_000, "policy", intentId, body);
    expect(ev.ts.store.applyBatch([record]).applied).toBe(1);
    const ok = await ev.exportBundle(`source=audit&executor=${executor}`);
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
    // An event imported from an executor's log file has no message to carry (nor has one
    // indexed before Pilot kept messages: migration-v10.test.ts): the bundle is refused.
    const line = executorAuditRecordSchema.parse(parseLossless(EXECUTOR_AUDIT_RECORD_RAW));
    ev.ts.store.importAuditRecords([{ record: line, text: EXECUTOR_AUDIT_RECORD_RAW, file: "day.jsonl", line: 1 }], executor);
    const res = await ev.exportBundle(`source=audit&executor=${executor}`);
    expect(res.status).toBe(409);
    expect(await res.text()).toMatch(/audit message file:day.jsonl #1 are not in the index.*reindex/);
  });

  it("refuses a bad parameter before anything is written", async () => {
    const res = await ev.exportBundle("source=audit&decision=maybe");
    expect(res.status).toBe(400);
    expect(readFileSync(ev.bundleFile).length).toBe(ev.bundle.length);
    expect((await ev.exportBundle("source=elsewhere")).status).toBe(400);
  });
});
