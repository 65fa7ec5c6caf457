import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { accessLogCsvLine } from "./admin-api";

const cells = (line: string): string[] => {
  const parsed = Papa.parse<string[]>(line.trimEnd());
  return parsed.data[0] ?? [];
};

describe("the access-log CSV", () => {
  it("writes a typed user name that starts a formula as text, full-width signs too", () => {
    for (const name of ['=HYPERLINK("https://evil.example","x")', "+1+cmd", "@SUM(A1)", "\uFF1D1+1", "-2+3"]) {
      const [, , , username] = cells(accessLogCsvLine([7, 0, "t", name, "127.0.0.1", "sign-in failed", null, null]));
      expect(username).toBe(`'${name}`);
    }
  });

  it("keeps plain text, numbers and empty cells as they are", () => {
    expect(cells(accessLogCsvLine([7, -5, "t", "carol", "10.0.0.1", "export", "", null]))).toEqual([
      "7",
      "-5",
      "t",
      "carol",
      "10.0.0.1",
      "export",
      "",
      "",
    ]);
  });

  it("keeps a multi-line detail in one quoted cell", () => {
    const line = accessLogCsvLine([1, 0, "t", "a", "b", "c", "d", "=x\n=y"]);
    expect(cells(line).at(-1)).toBe("'=x\n=y");
  });
});
