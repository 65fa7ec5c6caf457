import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import { CSV_COLUMNS } from "./audit-export-format";
import { EXPORT_ROWS_HEADER, handleAuditExport } from "./audit-export";
import { refused } from "./test-api";

// What an export answers before its rows: the count, the file's name, refusals. An empty
// index serves (the 50,000-event exports are in audit-export.test.ts).
let t: TempStore;
beforeAll(() => {
  t = tempStore();
});
afterAll(() => t?.cleanup());

function exportUrl(q: Record<string, string>): URL {
  return new URL(`http://pilot.test/api/audit/export?${new URLSearchParams(q).toString()}`);
}

describe("GET /api/audit/export: count, name, refusals", () => {
  it("exports an empty match as a CSV header alone", async () => {
    const res = handleAuditExport(() => t.store, exportUrl({ executor: "nobody" }));
    expect(res.headers.get(EXPORT_ROWS_HEADER)).toBe("0");
    expect(res.headers.get("content-disposition")).toMatch(/filename="pilot-audit-executor-nobody-\d{8}T\d{6}Z\.csv"/);
    expect(await res.text()).toBe(`${CSV_COLUMNS.join(",")}\n`);
  });

  it("names the file after the query in safe characters, or 'all'", async () => {
    const name = (q: Record<string, string>) =>
      handleAuditExport(() => t.store, exportUrl({ ...q, executor: "nobody" }), Date.UTC(2026, 0, 2, 3, 4, 5)).headers.get(
        "x-pilot-export-filename",
      );
    expect(name({ q: 'decision:deny "outside allowed"/../x' })).toBe(
      "pilot-audit-executor-nobody-q-decision_deny_outside_allowed_.._x-20260102T030405Z.csv",
    );
    expect(name({ from: "2026-01-01T00:00:00Z", format: "jsonl" })).toBe(
      "pilot-audit-executor-nobody-from-20260101T000000Z-20260102T030405Z.jsonl",
    );
    const all = handleAuditExport(() => t.store, exportUrl({ to: "0" }), Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(all.headers.get("x-pilot-export-filename")).toBe(
      "pilot-audit-to-19700101T000000Z-20260102T030405Z.csv",
    );
  });

  it.each([
    ["format=xlsx", "format"],
    ["q=decision:", "q"],
    ['q="open', "q"],
    ["q=nope:1", "q"],
    ["from=soon", "from"],
    ["executor=a&executor=b", "executor"],
  ])("refuses %s with a 400 naming %s", async (query, param) => {
    await refused((url) => handleAuditExport(() => t.store, url), query, param);
  });
});
