import Database from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLossless, stringifyLossless } from "@/lib/protocol/json";
import { auditListSchema } from "@/lib/contract/audit";
import { Prng } from "@/lib/testing/demo/prng";
import { uuidV7 } from "@/lib/testing/demo/ids";
import { auditRecord } from "@/lib/testing/audit-fixture";
import { tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import { apiJson, type IngestRecord } from "@/lib/store";
import { handleAuditSearch } from "./audit";
import { stringify } from "csv-stringify/sync";
import { CSV_COLUMNS, csvRecord } from "./audit-export-format";
import { EXPORT_ROWS_HEADER, handleAuditExport } from "./audit-export";
import { ok } from "./test-api";

const MATCHING = 50_000;
const EXECUTOR = "exec-export";
const START_MS = Date.UTC(2026, 10, 1);
const U64_TOP = 2n ** 63n;

interface Sent {
  ns: string;
  reason: string;
  diskRead: bigint;
  cgroup: string;
}

/** Reasons that need CSV quoting: commas, quotes, newlines, CRLF, a formula, non-ASCII. */
function reasonOf(i: number): string {
  switch (i % 5) {
    case 0:
      return `path /etc/shadow, outside "allowed" roots #${i}`;
    case 1:
      return `line one ${i}\nline two, with "quotes"`;
    case 2:
      return `crlf ${i}\r\nnext`;
    case 3:
      return `=HYPERLINK("http://x") ${i}`;
    default:
      return `plain ${i} — ünïcødé ✓`;
  }
}

/** Matching events (deny by EXECUTOR) among others that differ in executor or decision. */
function* fixture(sent: Map<string, Sent>, offset = 0, count = MATCHING): Generator<IngestRecord[]> {
  const prng = Prng.derive(offset + 3, "export-test");
  const batch: IngestRecord[] = [];
  const total = count + Math.floor(count / 5);
  for (let k = 0; k < total; k++) {
    const i = offset + k;
    const ms = START_MS + i * 997;
    const id = uuidV7(prng, ms);
    // Every sixth event does not match: another executor, or allowed.
    const matching = k % 6 !== 5;
    const other = !matching && k % 12 === 5;
    const ns = BigInt(ms) * 1_000_000n + BigInt((i * 7919) % 1_000_000);
    const reason = reasonOf(i);
    const diskRead = U64_TOP + BigInt(i);
    // A cell with a bare newline, one with CRLF, one with a comma and quotes.
    const cgroup = `/sys/fs/cgroup/smith.slice/intent-${id.slice(-12)}.scope${
      ["", "\nsecond line", "\r\nthird", ',"q"', ""][i % 5]
    }`;
    if (matching) sent.set(id, { ns: ns.toString(), reason, diskRead, cgroup });
    const channel = i % 2 === 0 ? "policy" : "execution";
    const body = {
      intent_id: id,
      result_status: matching || other ? "denied" : "success",
      timestamp_ns: ns,
      executor_id: other ? "exec-other" : EXECUTOR,
      policy_decisions: [
        { rule_name: "path-sandbox", decision: matching || other ? "deny" : "allow", reason },
        { rule_name: "rate-limit", decision: "allow", reason: "within limits" },
      ],
      security_context: {
        sandbox_mode: "full",
        user_ns: 4026531837,
        mount_ns: 4026531840,
        pid_ns: 4026531836,
        net_ns: null,
        cgroup_path: cgroup,
        landlock_enabled: true,
        seccomp_enabled: i % 3 !== 0,
        allowlist_hits: null,
      },
      resource_usage: {
        peak_memory_kb: 1000 + (i % 5000),
        cpu_time_ms: i % 900,
        wall_time_ms: i % 3000,
        fd_count: 12,
        disk_read_bytes: diskRead,
        disk_write_bytes: 0,
        network_tx_bytes: 0,
        network_rx_bytes: 0,
      },
    };
    batch.push(auditRecord(i + 1, channel, id, body));
    if (batch.length === 5000) yield batch.splice(0);
  }
  if (batch.length > 0) yield batch;
}

const QUERY = { executor: EXECUTOR, decision: "deny" };
let t: TempStore;
const sent = new Map<string, Sent>();
let expectedIds: number[] = [];

beforeAll(() => {
  t = tempStore();
  for (const batch of fixture(sent)) {
    const r = t.store.applyBatch(batch);
    expect(r.quarantined).toBe(0);
  }
  const db = new Database(t.file, { readonly: true });
  try {
    expectedIds = db
      .prepare<number>(
        "SELECT a.id FROM audit_events a JOIN audit_combos c ON c.id = a.combo WHERE c.executor_id = ? AND c.decision = 'deny' ORDER BY a.id",
      )
      .pluck()
      .all(EXECUTOR);
  } finally {
    db.close();
  }
}, 120_000);
afterAll(() => t?.cleanup());

function exportUrl(q: Record<string, string>): URL {
  return new URL(`http://pilot.test/api/audit/export?${new URLSearchParams(q).toString()}`);
}

/** The body, read as the browser does, and how many chunks it came in. */
async function readAll(res: Response): Promise<{ text: string; chunks: number }> {
  const reader = res.body?.getReader();
  if (!reader) throw new Error("no body");
  const decoder = new TextDecoder();
  let text = "";
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), chunks };
    chunks++;
    text += decoder.decode(value, { stream: true });
  }
}

describe("GET /api/audit/export", () => {
  it("fixture: the query matches exactly the 50,000 events sent as matching", () => {
    expect(expectedIds.length).toBe(MATCHING);
    expect(sent.size).toBe(MATCHING);
    const list = t.store.searchAudit({ executor: EXECUTOR, decision: "deny", limit: 1 });
    expect(list.total).toBe(MATCHING);
  });

  it("exports all 50,000 matches as CSV that a CSV parser reads back exactly", { timeout: 120_000 }, async () => {
    const now = Date.UTC(2026, 10, 28, 10, 15, 0);
    const res = handleAuditExport(() => t.store, exportUrl({ ...QUERY, format: "csv" }), now);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get(EXPORT_ROWS_HEADER)).toBe(String(MATCHING));
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="pilot-audit-decision-deny-executor-exec-export-20261128T101500Z.csv"`,
    );
    const { text, chunks } = await readAll(res);
    expect(chunks).toBeGreaterThan(10);
    // The quoting and the formula defusing are csv-stringify's, byte for byte.
    const exp = t.store.exportAudit({ executor: EXECUTOR, decision: "deny", limit: 0 });
    const all = [];
    for (let rows = exp.next(); rows.length > 0; rows = exp.next()) all.push(...rows);
    expect(text === stringify(all.map(csvRecord), { header: true, columns: [...CSV_COLUMNS], escape_formulas: true })).toBe(true);
    const records: string[][] = parse(text, { relax_column_count: false });
    const [header, ...rows] = records;
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows.length).toBe(MATCHING);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const ids = rows.map((r) => Number(r[col("id")]));
    expect([...ids].sort((a, b) => a - b)).toEqual(expectedIds);
    // Checked row by row into a list of differences: one expect per row would be slow.
    const wrong: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok && wrong.length < 20) wrong.push(what);
    };
    let lastMs = Infinity;
    rows.forEach((r, k) => {
      const want = sent.get(r[col("intentId")] ?? "");
      if (!want) return check(false, `row ${k}: unexpected intent ${r[col("intentId")]}`);
      const ms = Number(r[col("tsMs")]);
      check(r.length === CSV_COLUMNS.length, `row ${k}: ${r.length} columns`);
      check(r[col("timestampNs")] === want.ns, `row ${k}: ns ${r[col("timestampNs")]} ≠ ${want.ns}`);
      check(ms === Number(BigInt(want.ns) / 1_000_000n), `row ${k}: tsMs ${ms}`);
      check(r[col("timeUtc")] === new Date(ms).toISOString(), `row ${k}: timeUtc`);
      check(ms <= lastMs, `row ${k}: not newest first`);
      lastMs = ms;
      check(r[col("decision")] === "deny" && r[col("executorId")] === EXECUTOR, `row ${k}: filter`);
      const decisions =
        JSON.stringify([
          { ruleName: "path-sandbox", decision: "deny", reason: want.reason },
          { ruleName: "rate-limit", decision: "allow", reason: "within limits" },
        ]);
      check(r[col("decisions")] === decisions, `row ${k}: decisions ${r[col("decisions")]}`);
      // Policy events carry no resource usage (Smith sends it on execution events).
      const usage = r[col("resourceUsage")] ?? "";
      if (r[col("channel")] === "execution") {
        check(usage.includes(`"disk_read_bytes":${want.diskRead},`), `row ${k}: usage ${usage}`);
        if (k % 97 === 0) {
          const parsed = parseLossless(usage);
          check(
            parsed !== null && typeof parsed === "object" && Reflect.get(parsed, "disk_read_bytes") === want.diskRead,
            `row ${k}: usage parsed`,
          );
        }
      } else {
        check(usage === "", `row ${k}: policy usage ${usage}`);
      }
      check(r[col("securityContext")]?.includes('"sandbox_mode":"full"') === true, `row ${k}: context`);
      check(r[col("cgroupPath")] === want.cgroup, `row ${k}: cgroup ${r[col("cgroupPath")]}`);
    });
    expect(wrong).toEqual([]);
    // The awkward values did need quoting (quotes doubled), and came back whole.
    expect(text.includes('.scope,""q""",')).toBe(true);
    expect(rows.filter((r) => r[col("cgroupPath")]?.includes("\r\n")).length).toBe(MATCHING / 5);
    expect(rows.filter((r) => /[^\r]\n/.test(r[col("cgroupPath")] ?? "")).length).toBe(MATCHING / 5);
  });

  it("exports the same events as JSONL, one per line, with the list's fields, losslessly", { timeout: 120_000 }, async () => {
    const res = handleAuditExport(() => t.store, exportUrl({ ...QUERY, format: "jsonl" }));
    expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="pilot-audit-decision-deny-executor-exec-export-\d{8}T\d{6}Z\.jsonl"$/,
    );
    const { text } = await readAll(res);
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.slice(0, -1).split("\n");
    expect(lines.length).toBe(MATCHING);
    const page = await ok(auditListSchema, (url) => handleAuditSearch(() => t.store, url), {
      ...QUERY,
      limit: 500,
    });
    const listed = new Map(page.items.map((i) => [i.id, i]));
    const ids: number[] = [];
    let executions = 0;
    const wrong: string[] = [];
    for (const line of lines) {
      const v = parseLossless(line);
      if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error(line);
      const o = Object.fromEntries(Object.entries(v));
      const id = Number(o.id);
      ids.push(id);
      const want = sent.get(String(o.intentId));
      if (o.timestampNs !== want?.ns) wrong.push(`${id}: ns ${String(o.timestampNs)}`);
      const usage: unknown = o.resourceUsage;
      if (o.channel === "execution") {
        executions++;
        const read = usage !== null && typeof usage === "object" ? Reflect.get(usage, "disk_read_bytes") : null;
        if (read !== want?.diskRead) wrong.push(`${id}: disk_read_bytes ${String(read)}`);
      } else if (usage !== null) {
        wrong.push(`${id}: policy usage`);
      }
      const item = listed.get(id);
      if (item) {
        // The list's item, field for field; its big integers are strings, the export's exact numbers.
        expect({
          ...o,
          resourceUsage: apiJson(stringifyLossless(o.resourceUsage)),
          securityContext: apiJson(stringifyLossless(o.securityContext)),
        }).toEqual(item);
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
    expect(executions).toBeGreaterThan(MATCHING / 3);
    expect(listed.size).toBe(500);
    expect(ids.slice(0, 500)).toEqual(page.items.map((i) => i.id));
    expect(ids.sort((a, b) => a - b)).toEqual(expectedIds);
  });

  it("is the matches of the moment it began, even when more arrive while it streams", { timeout: 120_000 }, async () => {
    const res = handleAuditExport(() => t.store, exportUrl({ ...QUERY, format: "jsonl" }));
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no body");
    const decoder = new TextDecoder();
    let text = "";
    const first = await reader.read();
    text += decoder.decode(first.value, { stream: true });
    const more = new Map<string, Sent>();
    for (const batch of fixture(more, 200_000, 3000)) t.store.applyBatch(batch);
    expect(t.store.searchAudit({ ...QUERY, limit: 1 }).total).toBe(MATCHING + more.size);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const lines = text.trimEnd().split("\n");
    expect(lines.length).toBe(MATCHING);
    for (const line of lines) expect(sent.has(/"intentId":"([^"]+)"/.exec(line)?.[1] ?? "")).toBe(true);
  });
});
