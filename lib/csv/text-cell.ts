/*
 * Spreadsheet formula injection (OWASP "CSV Injection"): Excel, LibreOffice and Google
 * Sheets run a cell whose text starts with `=`, `+`, `-` or `@` as a formula, and strip a
 * leading TAB or CR before looking; Apple Numbers folds the full-width `＝＋－＠` into the
 * ASCII ones. Every CSV Pilot writes passes its cells through `textCell`, which puts an
 * apostrophe in front of such text, as OWASP advises: each of those programs then shows
 * the cell as text and runs nothing.
 *
 * Numbers are left alone: Pilot writes its own figures (a scorecard's delta, an event's
 * sequence) as JS numbers, and a negative figure must stay a number a spreadsheet can sum.
 * Text that merely looks like a number ("-1" as an executor id) came from outside and gets
 * the apostrophe like any other text. This is the rule csv-stringify's `escape_formulas`
 * follows; its test checks the two agree.
 */

const FORMULA_START = new Set([
  "=",
  "+",
  "-",
  "@",
  "\t",
  "\r",
  "\uFF1D",
  "\uFF0B",
  "\uFF0D",
  "\uFF20",
]);

/** Whether a spreadsheet would read this text as a formula. */
export function startsFormula(text: string): boolean {
  return FORMULA_START.has(text.charAt(0));
}

/** The value as a CSV writer should be given it: formula-like text made plain text. */
export function textCell<T>(value: T): T | string {
  return typeof value === "string" && startsFormula(value) ? `'${value}` : value;
}
