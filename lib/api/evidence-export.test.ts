import { execFileSync, spawnSync } from "node:child_process";
import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRecord } from "@/lib/testing/audit-fixture";
import { keyFingerprint, MEMBERS, type RecordLine } from "@/lib/evidence/format";
import { loadPilotKey, type PilotKey } from "@/lib/evidence/pilot-key";
import { parseRecordLine } from "@/lib/evidence/shapes";
import { listTar, tarHeader, tarPadding, TAR_END, type TarMember } from "@/lib/evidence/tar";
import { verifyBundle, type VerifyReport } from "@/lib/evidence/verify";
import { buildStandaloneVerifier, STANDALONE_VERIFIER } from "@/lib/evidence/build-verifier";
import { applyInBatches, demoRecords, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import { EVIDENCE_RECORDS_HEADER, handleEvidenceExport } from "./evidence-export";
import { parseLossless } from "@/lib/protocol/json";
import { executorAuditRecordSchema } from "@/lib/protocol/smith-audit";
import { EXECUTOR_AUDIT_RECORD_RAW } from "@/lib/protocol/test-fixtures";
import { openSync, closeSync } from "node:fs";

/*
 * A bundle really exported (demo traffic ingested into a real index, the export handler,
 * the tar it streams) and really verified (the verifier the CLI and the standalone file
 * run). Then every way of changing it that the issue names: one byte flipped anywhere in
 * every file, a record dropped, records reordered, the manifest re-signed with another key.
 */
const DEMO_MESSAGES = 24_000;
let ts: TempStore;
let dir: string;
let key: PilotKey;
let bundle: Buffer;
let bundleFile: string;
let members: TarMember[];

async function exportBundle(query: string): Promise<Response> {
  return handleEvidenceExport(ts.store, new URL(`http://pilot.test/api/evidence?${query}`), {
    signer: key,
    pilot: { name: "pilot-dashboard", version: "test" },
    who: "auditor-1",
    now: Date.UTC(2026, 11, 6, 12),
    tmpDir: dir,
  });
}

function verifyBytes(bytes: Buffer, expectedKey?: string): VerifyReport {
  const file = path.join(dir, "changed.tar");
  writeFileSync(file, bytes);
  return verifyBundle(file, expectedKey === undefined ? {} : { expectedKey });
}

function member(name: string): TarMember {
  const m = members.find((x) => x.name === name);
  if (!m) throw new Error(`no ${name}`);
  return m;
}

function recordLines(): RecordLine[] {
  const m = member(MEMBERS.records);
  return bundle
    .subarray(m.offset, m.offset + m.size)
    .toString("utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => parseRecordLine(JSON.parse(l)));
}

/** A tar of these members (name, bytes), as the writer lays one out. */
function tarOf(files: [string, Buffer][]): Buffer {
  const parts: Buffer[] = [];
  for (const [name, b] of files) parts.push(tarHeader(name, b.length, 0), b, tarPadding(b.length));
  parts.push(TAR_END);
  return Buffer.concat(parts);
}

function filesOf(): [string, Buffer][] {
  return members.map((m) => [m.name, Buffer.from(bundle.subarray(m.offset, m.offset + m.size))]);
}

beforeAll(async () => {
  ts = tempStore();
  dir = mkdtempSync(path.join(tmpdir(), "pilot-evidence-test-"));
  key = loadPilotKey(path.join(dir, "keys", "evidence-key.pem"), false);
  const { records } = demoRecords(DEMO_MESSAGES);
  applyInBatches(ts.store, records);
  const res = await exportBundle("source=audit");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/x-tar");
  bundle = Buffer.from(await res.arrayBuffer());
  expect(bundle.length).toBe(Number(res.headers.get("content-length")));
  bundleFile = path.join(dir, "bundle.tar");
  writeFileSync(bundleFile, bundle);
  const fd = openSync(bundleFile, "r");
  members = listTar(fd, bundle.length);
  closeSync(fd);
}, 240_000);

afterAll(() => {
  ts.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe("an evidence bundle of an audit query", () => {
  it("holds at least 10,000 records, and verifies", () => {
    const report = verifyBundle(bundleFile, { expectedKey: key.publicKey });
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.records).toBeGreaterThanOrEqual(10_000);
    expect(report.manifest?.records).toBe(report.records);
    // Demo traffic signs most intents, tampers with some and leaves some unsigned: each
    // is checked again offline and agrees with the verdict Pilot recorded at ingest.
    expect(report.intents.valid).toBeGreaterThan(0);
    expect(report.intents.invalid).toBeGreaterThan(0);
    expect(report.intents.unsigned).toBeGreaterThan(0);
    expect(report.fingerprint).toBe(key.fingerprint);
  });

  it("is a tar that tar itself reads, in the members' order", () => {
    expect(members.map((m) => m.name)).toEqual([MEMBERS.manifest, MEMBERS.signature, MEMBERS.readme, MEMBERS.records, MEMBERS.messages]);
    const listing = execFileSync("tar", ["-tf", bundleFile], { encoding: "utf8" }).trim().split("\n");
    expect(listing).toEqual(members.map((m) => m.name));
  });

  it("keeps each message's bytes as received: stream order, and payloads equal to what was ingested", () => {
    const lines = recordLines();
    const { records } = demoRecords(DEMO_MESSAGES);
    const sent = new Map(records.map((r) => [`${r.stream}#${r.seq}`, Buffer.from(r.payload)]));
    const msgs = member(MEMBERS.messages);
    for (const [i, l] of lines.entries()) {
      const prev = lines[i - 1];
      if (prev) expect(l.stream > prev.stream || (l.stream === prev.stream && l.seq > prev.seq)).toBe(true);
      const bytes = bundle.subarray(msgs.offset + l.offset, msgs.offset + l.offset + l.length);
      expect(bytes.equals(sent.get(`${l.stream}#${l.seq}`) ?? Buffer.alloc(0)), `${l.stream} #${l.seq}`).toBe(true);
    }
    expect(lines.some((l) => l.kind === "intent")).toBe(true);
    expect(lines.some((l) => l.kind === "audit")).toBe(true);
  });

  it("names the file, and the record, when any one byte of any file is flipped", () => {
    const lines = recordLines();
    for (const m of members) {
      // Header bytes (name, size, checksum) and data: first, last, middle and a few spread.
      // A header byte (the size field), and data: first, last, middle and one more spread.
      const positions = new Set([
        m.headerOffset + 124 + 5,
        m.offset, m.offset + m.size - 1, m.offset + Math.floor(m.size / 2), m.offset + Math.floor(m.size / 7),
      ]);
      for (const pos of positions) {
        const changed = Buffer.from(bundle);
        changed[pos] = (changed[pos] ?? 0) ^ 0x01;
        const report = verifyBytes(changed);
        const where = `${m.name} byte ${pos - m.offset}`;
        expect(report.ok, where).toBe(false);
        const named = report.failures.map((f) => `${f.where}: ${f.check}`);
        if (pos < m.offset) {
          expect(named, where).toContainEqual(expect.stringMatching(/^\(tar\): container/));
          continue;
        }
        switch (m.name) {
          case MEMBERS.manifest:
            // Signed bytes: the signature fails, or the JSON no longer reads.
            expect(named.some((n) => n.startsWith("manifest.json")), where).toBe(true);
            break;
          case MEMBERS.signature:
            expect(named.some((n) => n.startsWith("signature.json") || n === "manifest.json: signature"), where).toBe(true);
            break;
          case MEMBERS.messages: {
            expect(named, where).toContain("messages.bin: file hash");
            const at = pos - m.offset;
            const hit = lines.find((l) => l.offset <= at && at < l.offset + l.length);
            expect(named, where).toContain(`record ${hit?.n} (${hit?.stream} #${hit?.seq}): payload hash`);
            break;
          }
          default:
            expect(named, where).toContain(`${m.name}: file hash`);
        }
      }
    }
  }, 240_000);

  it("names the place a record was dropped, and the count and chain head", () => {
    const lines = recordLines();
    const drop = lines[Math.floor(lines.length / 3)];
    if (!drop) throw new Error("no record");
    const files = filesOf().map(([name, b]): [string, Buffer] => {
      if (name === MEMBERS.records) {
        // The records after it point at their bytes' new places, as a careful forger would.
        const kept = lines
          .filter((l) => l.n !== drop.n)
          .map((l) => JSON.stringify(l.n > drop.n ? { ...l, offset: l.offset - drop.length } : l));
        return [name, Buffer.from(kept.map((l) => `${l}\n`).join(""))];
      }
      if (name === MEMBERS.messages) return [name, Buffer.concat([b.subarray(0, drop.offset), b.subarray(drop.offset + drop.length)])];
      return [name, b];
    });
    const report = verifyBytes(tarOf(files));
    expect(report.ok).toBe(false);
    const named = report.failures.map((f) => `${f.where}: ${f.check}`);
    const next = lines[drop.n]; // the record after the dropped one (n is 1-based)
    expect(named).toContain(`record ${next?.n} (${next?.stream} #${next?.seq}): chain`);
    expect(named).toContain(`record ${next?.n} (${next?.stream} #${next?.seq}): position`);
    expect(named).toContain("records.jsonl: count");
    expect(named).toContain("records.jsonl: file hash");
    expect(named).toContain("messages.bin: file hash");
    // Only the gap is named: every other record still checks.
    expect(named.filter((n) => n.startsWith("record "))).toHaveLength(2);
  });

  it("names records put out of order", () => {
    const lines = recordLines();
    const k = Math.floor(lines.length / 2);
    const text = bundle.subarray(member(MEMBERS.records).offset, member(MEMBERS.records).offset + member(MEMBERS.records).size).toString("utf8").split("\n");
    [text[k], text[k + 1]] = [text[k + 1] ?? "", text[k] ?? ""];
    const files = filesOf().map(([name, b]): [string, Buffer] => (name === MEMBERS.records ? [name, Buffer.from(text.join("\n"))] : [name, b]));
    const report = verifyBytes(tarOf(files));
    expect(report.ok).toBe(false);
    const a = lines[k + 1];
    const named = report.failures.map((f) => `${f.where}: ${f.check}`);
    expect(named).toContain(`record ${a?.n} (${a?.stream} #${a?.seq}): position`);
    expect(named).toContain(`record ${a?.n} (${a?.stream} #${a?.seq}): chain`);
    expect(named.some((n) => n.endsWith(": stream order"))).toBe(true);
  });

  it("names a manifest re-signed with another key", () => {
    const other = generateKeyPairSync("ed25519");
    const otherRaw = Buffer.from(other.publicKey.export({ format: "jwk" }).x ?? "", "base64url");
    const files = filesOf();
    const manifest = JSON.parse((files[0]?.[1] ?? Buffer.alloc(0)).toString("utf8"));
    const forged = Buffer.from(`${JSON.stringify({ ...manifest, exportedBy: "someone-else", publicKey: otherRaw.toString("base64") }, null, 2)}\n`);
    const sig = Buffer.from(`${JSON.stringify({ algorithm: "Ed25519", publicKey: otherRaw.toString("base64"), fingerprint: keyFingerprint(otherRaw), signature: sign(null, forged, other.privateKey).toString("base64") }, null, 2)}\n`);
    const resigned = tarOf(files.map(([name, b]): [string, Buffer] => [name, name === MEMBERS.manifest ? forged : name === MEMBERS.signature ? sig : b]));
    // Against the key the Health page shows (either form), the forgery is named…
    for (const expected of [key.publicKey, key.fingerprint]) {
      const report = verifyBytes(resigned, expected);
      expect(report.ok).toBe(false);
      expect(report.failures).toContainEqual(expect.objectContaining({ where: "signature.json", check: "key" }));
      expect(report.failures.find((f) => f.check === "key")?.detail).toContain(keyFingerprint(otherRaw));
    }
    // …and the key it was signed with is what the report shows, for a reader to compare.
    expect(verifyBytes(resigned).fingerprint).toBe(keyFingerprint(otherRaw));
    // A new signature under the original key's name does not verify at all.
    const keepKey = Buffer.from(`${JSON.stringify({ algorithm: "Ed25519", publicKey: key.publicKey, fingerprint: key.fingerprint, signature: sign(null, forged, other.privateKey).toString("base64") }, null, 2)}\n`);
    const report = verifyBytes(tarOf(files.map(([name, b]): [string, Buffer] => [name, name === MEMBERS.manifest ? forged : name === MEMBERS.signature ? keepKey : b])));
    expect(report.failures).toContainEqual(expect.objectContaining({ where: "manifest.json", check: "signature" }));
  });

  it("exports an intents query too, with every intent's signature checked", async () => {
    const res = await exportBundle("source=intents&signature=invalid");
    expect(res.status).toBe(200);
    const file = path.join(dir, "intents.tar");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const report = verifyBundle(file, { expectedKey: key.fingerprint });
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
    expect(ts.store.applyBatch([copy]).applied).toBe(1);
    const res = await exportBundle("source=intents&copies=conflicting");
    expect(res.status).toBe(200);
    const file = path.join(dir, "copies.tar");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const report = verifyBundle(file, { expectedKey: key.publicKey });
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
    expect(ts.store.applyBatch([record]).applied).toBe(1);
    const ok = await exportBundle(`source=audit&executor=${executor}`);
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
    // An event imported from an executor's log file has no message to carry (nor has one
    // indexed before Pilot kept messages: migration-v10.test.ts): the bundle is refused.
    const line = executorAuditRecordSchema.parse(parseLossless(EXECUTOR_AUDIT_RECORD_RAW));
    ts.store.importAuditRecords([{ record: line, text: EXECUTOR_AUDIT_RECORD_RAW, file: "day.jsonl", line: 1 }], executor);
    const res = await exportBundle(`source=audit&executor=${executor}`);
    expect(res.status).toBe(409);
    expect(await res.text()).toMatch(/audit message file:day.jsonl #1 are not in the index.*reindex/);
  });

  it("refuses a bad parameter before anything is written", async () => {
    const res = await exportBundle("source=audit&decision=maybe");
    expect(res.status).toBe(400);
    expect(readFileSync(bundleFile).length).toBe(bundle.length);
    expect((await exportBundle("source=elsewhere")).status).toBe(400);
  });
});

describe("the standalone verifier (one file, Node's built-ins only)", () => {
  it("is the committed file, built fresh from lib/evidence", async () => {
    const fresh = await buildStandaloneVerifier();
    expect(readFileSync(STANDALONE_VERIFIER, "utf8")).toBe(fresh);
    const imports = [...fresh.matchAll(/\bfrom "([^"]+)"|\bimport\("([^"]+)"\)|\brequire\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(imports.length).toBeGreaterThan(0);
    for (const i of imports) expect(i, "an import of the standalone file").toMatch(/^node:/);
  }, 60_000);

  it("runs with plain node: exit 0 on the bundle, 1 with the failure named on a changed one", () => {
    const run = (file: string) => {
      const r = spawnSync(process.execPath, [STANDALONE_VERIFIER, file, "--key", key.fingerprint], { encoding: "utf8" });
      return { code: r.status, out: r.stdout };
    };
    const good = run(bundleFile);
    expect(good.out).toContain("OK: ");
    expect(good.code).toBe(0);
    const changed = Buffer.from(bundle);
    const m = member(MEMBERS.readme);
    changed[m.offset + 3] = (changed[m.offset + 3] ?? 0) ^ 0x20;
    const file = path.join(dir, "readme-changed.tar");
    writeFileSync(file, changed);
    const bad = run(file);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("README.txt: file hash:");
  }, 60_000);
});
