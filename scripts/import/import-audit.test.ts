import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "@/lib/store";
import { importAuditFiles } from "@/lib/ingest/import-audit-files";
import { auditListSchema } from "@/lib/contract/audit";
import { handleAuditSearch } from "@/lib/api/audit";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURE = path.join(import.meta.dirname, "fixtures/2025-11-27.log.zst");
const DAY = 86_400_000;
const NOV_26 = Date.UTC(2025, 10, 26);

function record(intentId: string, tsMs: number, allow = true): string {
  const result = allow
    ? `{"status":"ok","duration_ms":5,"exit_code":0,"artifacts_count":1,"stdout_bytes":3,"stderr_bytes":0}`
    : "null";
  return (
    `{"timestamp_ms":${tsMs},"intent_id":"${intentId}","intent_hash":"sha256:aa","capability_digest":"sha256:cd",` +
    `"runner_digest":"sha256:rd","decision":{"allow":${allow},"code":${allow ? "null" : `"POLICY_DENIED"`},` +
    `"limits":{"cpu_ms_per_100ms":50,"mem_bytes":134217728,"io_bytes":10485760,"pids_max":10,"timeout_ms":30000}},` +
    `"sandbox_digest":"sha256:sd","actor":{"tenant":"acme","key_id":"k1","jwt_subject":"ops@acme"},"result":${result}}`
  );
}

const id = (day: number, k: number) => `0199a000-0000-7000-8000-0000000${day}00${k}`.slice(0, 36);

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function importCli(...args: string[]): Promise<CliRun> {
  try {
    const out = await run(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/import-audit.ts", ...args],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: "production" } },
    );
    return { code: 0, stdout: out.stdout, stderr: out.stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe("npm run import-audit (a three-day audit directory)", () => {
  let dir: string;
  let logs: string;
  let index: string;
  let first: CliRun;
  let store: Store;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "pilot-import-"));
    logs = path.join(dir, "audit");
    mkdirSync(logs);
    index = path.join(dir, "index.sqlite");
    // Day 1, plain JSONL: four records.
    writeFileSync(
      path.join(logs, "2025-11-26.jsonl"),
      [0, 1, 2, 3].map((k) => record(id(1, k), NOV_26 + k * 60_000, k !== 2)).join("\n") + "\n",
    );
    // Day 2, zstd: the committed fixture (six records, one denial).
    copyFileSync(FIXTURE, path.join(logs, "2025-11-27.log.zst"));
    // Day 3: three good records around three bad lines, a blank line and a CRLF ending.
    const day3 = Buffer.concat([
      Buffer.from(`${record(id(3, 0), NOV_26 + 2 * DAY)}\r\n`),
      Buffer.from(`{"timestamp_ms": 1764288000000, "intent_id": \n`),
      Buffer.from(`{"timestamp_ms":1764288000000,"intent_id":"caf`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`"}\n\n`),
      Buffer.from(`${record(id(3, 1), NOV_26 + 2 * DAY + 1000)}\n`),
      Buffer.from(`${record(id(3, 2), NOV_26 + 2 * DAY + 2000).replace(`"intent_id":"${id(3, 2)}",`, "")}\n`),
      Buffer.from(record(id(3, 3), NOV_26 + 2 * DAY + 3000)),
    ]);
    writeFileSync(path.join(logs, "2025-11-28.log"), day3);
    writeFileSync(path.join(logs, "notes.txt"), "not an audit file\n");
    first = await importCli("--index", index, logs);
    store = openStore(index);
  }, 60_000);

  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("imports every valid line and reports the corrupt ones by file and line", () => {
    expect(first.stderr).toContain(`skipped ${path.join(logs, "notes.txt")}: not an audit file`);
    expect(first.code).toBe(0);
    const day3 = path.join(logs, "2025-11-28.log");
    expect(first.stdout).toMatch(/files\s+3 \(1 other files skipped\)/);
    expect(first.stdout).toMatch(/lines\s+16\n/);
    expect(first.stdout).toMatch(/imported\s+13\n/);
    expect(first.stdout).toMatch(/already present\s+0\n/);
    expect(first.stdout).toMatch(/bad\s+3\n/);
    expect(first.stdout).toContain(`${day3}:2: not JSON`);
    expect(first.stdout).toContain(`${day3}:3: not valid UTF-8`);
    expect(first.stdout).toContain(`${day3}:6: not an audit record: intent_id: missing`);
  });

  it("makes the records searchable like ingested audit events", () => {
    const all = store.searchAudit({ limit: 100 });
    expect(all.total).toBe(13);
    expect(new Set(all.items.map((e) => e.intentId)).size).toBe(13);
    // From the compressed day, exact past 2^53, traced to its file and line.
    const big = store.searchAudit({ intentId: "0199a000-0000-7000-8000-000000000205", limit: 10 });
    expect(big.items).toHaveLength(1);
    expect(big.items[0]).toMatchObject({
      channel: "execution",
      decision: "allow",
      status: "ok",
      timestampNs: "1764219600123000000",
      stream: "file:2025-11-27.log.zst",
      seq: 6,
    });
    expect(big.items[0]?.securityContext).toMatchObject({
      source: "2025-11-27.log.zst:6",
      record: { intent_hash: `sha256:${"5".padStart(64, "0")}`, result: { stdout_bytes: "18446744073709551615" } },
    });
    // A CRLF line and a last line without a newline both count.
    expect(store.searchAudit({ intentId: id(3, 0), limit: 1 }).total).toBe(1);
    expect(store.searchAudit({ intentId: id(3, 3), limit: 1 }).total).toBe(1);
    // Denials (one a day on days 1 and 2) are found by decision, and by their code.
    const denied = store.searchAudit({ decision: "deny", limit: 10 });
    expect(denied.items.map((e) => e.intentId).sort()).toEqual([id(1, 2), "0199a000-0000-7000-8000-000000000203"].sort());
    expect(denied.items.every((e) => e.status === "denied" && e.channel === "policy")).toBe(true);
    expect(store.searchAudit({ match: '"POLICY_DENIED"', limit: 10 }).total).toBe(2);
    // The time filter sees the file's days.
    expect(store.searchAudit({ from: NOV_26 + 2 * DAY, limit: 10 }).total).toBe(3);
  });

  it("answers /api/audit's query language like any audit event", async () => {
    const url = new URL(`http://pilot.test/api/audit?${new URLSearchParams({ q: "decision:deny executor:file-import POLICY_DENIED" })}`);
    const res = handleAuditSearch(() => store, url);
    expect(res.status).toBe(200);
    const page = auditListSchema.parse(await res.json());
    expect(page.total).toBe(2);
    expect(page.facets.executor).toEqual([{ value: "file-import", count: 2 }]);
  });

  it("changes nothing when the same files are imported again", async () => {
    const again = await importCli("--index", index, logs);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/imported\s+0\n/);
    expect(again.stdout).toMatch(/already present\s+13\n/);
    expect(again.stdout).toMatch(/bad\s+3\n/);
    expect(store.searchAudit({ limit: 100 }).total).toBe(13);
  }, 60_000);

  it("refuses a path that does not exist, importing nothing", async () => {
    const missing = path.join(dir, "no-such-dir");
    const res = await importCli("--index", index, path.join(logs, "2025-11-26.jsonl"), missing);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${missing}: does not exist`);
    expect(res.stderr).toContain("nothing imported");
  }, 60_000);
});

describe("npm run import-audit with many bad lines", () => {
  it("lists the first 20 and writes every one to the report file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pilot-import-"));
    try {
      const file = path.join(dir, "2025-11-29.jsonl");
      const lines = [record(id(5, 0), NOV_26), ...Array.from({ length: 25 }, (_, k) => `{"broken": ${k}`)];
      writeFileSync(file, `${lines.join("\n")}\n`);
      const report = path.join(dir, "bad-lines.txt");
      const res = await importCli("--index", path.join(dir, "index.sqlite"), "--report", report, file);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/imported\s+1\n/);
      expect(res.stdout).toMatch(/bad\s+25\n/);
      expect(res.stdout).toContain(`${file}:21: not JSON`);
      expect(res.stdout).not.toContain(`${file}:22:`);
      expect(res.stdout).toContain("... and 5 more");
      expect(res.stdout).toContain(`every bad line: ${report}`);
      const written = readFileSync(report, "utf8").trim().split("\n");
      expect(written).toHaveLength(25);
      expect(written[24]?.startsWith(`${file}:26: not JSON`)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("importAuditFiles", () => {
  it("reports a truncated zstd file at the line where it broke and goes on", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pilot-import-"));
    const store = openStore(path.join(dir, "index.sqlite"));
    try {
      const whole = readFileSync(FIXTURE);
      const cut = path.join(dir, "cut.log.zst");
      writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
      const plain = path.join(dir, "ok.jsonl");
      writeFileSync(plain, `${record(id(4, 0), NOV_26)}\n`);
      const files = [cut, plain].map((p) => ({ path: p, size: readFileSync(p).length }));
      const report = await importAuditFiles({ store, files, executorId: "exec-1" });
      expect(report.brokenFiles).toBe(1);
      expect(report.badLines).toHaveLength(1);
      expect(report.badLines[0]?.file).toBe(cut);
      expect(report.badLines[0]?.reason).toMatch(/^file unreadable from here/);
      expect(report.imported).toBe(report.lines);
      expect(store.searchAudit({ executor: "exec-1", intentId: id(4, 0), limit: 1 }).total).toBe(1);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
