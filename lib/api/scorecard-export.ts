import "server-only";
import Papa from "papaparse";
import { z } from "zod";
import { textCell } from "@/lib/csv/text-cell";
import { FIGURE_DEFINITIONS } from "@/lib/scorecards/definitions";
import { comparisonTable, scorecardTable, type Cell } from "@/lib/scorecards/table";
import { enumParam, exactParam } from "./params";
import { guarded, parseParams, storeOf, type StoreSource } from "./respond";
import { compareParams, comparison, modelScorecards, scopeParams } from "./scorecard-views";

export const exportParams = z
  .object({ view: enumParam(["models", "compare"]).default("models"), format: enumParam(["csv", "json"]).default("csv") })
  .and(scopeParams)
  .and(z.object({ a: exactParam.optional(), b: exactParam.optional() }));

function fileName(parts: (string | undefined)[], ext: string): string {
  const safe = parts.filter((p): p is string => Boolean(p)).map((p) => p.replace(/[^A-Za-z0-9._-]+/g, "_"));
  return `${safe.join("-")}-${new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-")}.${ext}`;
}

function attachment(body: string, name: string, type: string, rows: number): Response {
  return new Response(body, {
    headers: { "content-type": type, "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store", "x-pilot-rows": String(rows) },
  });
}

/**
 * The export's parameters as JSON for its first comment line, with no `"` or `,` inside a
 * string (written as \u0022, \u002c): a spreadsheet that splits the comment line at its
 * commas then starts no cell with a value from the URL, which a crafted link could make a
 * formula.
 */
function commentJson(value: unknown): string {
  return JSON.stringify(value).replace(/"(?:[^"\\]|\\.)*"/g, (literal) =>
    literal.replace(/\\(.)|,/g, (m: string, escaped: string | undefined) =>
      escaped === '"' ? "\\u0022" : m === "," ? "\\u002c" : m,
    ),
  );
}

/**
 * `GET /api/scorecards/export?view=models|compare&format=csv|json&…`: the table with the
 * figures' definitions at the top (CSV: `#` comment lines; JSON: a `definitions` object).
 */
export function handleScorecardExport(store: StoreSource, url: URL): Response {
  const p = parseParams(exportParams, url);
  if (!p.ok) return p.response;
  const v = p.value;
  if (v.view === "compare") {
    const c = parseParams(compareParams, url);
    if (!c.ok) return c.response;
  }
  return guarded(() => {
    const s = storeOf(store);
    let table: { columns: string[]; rows: Cell[][] };
    let meta: Record<string, unknown>;
    let name: string;
    if (v.view === "compare" && v.a && v.b) {
      const answer = comparison(s, { a: v.a, b: v.b, model: v.model });
      table = comparisonTable(answer.models);
      meta = { view: "compare", a: v.a, b: v.b, model: v.model ?? null };
      name = fileName(["compare", v.a, "vs", v.b], v.format);
    } else {
      const answer = modelScorecards(s, v);
      table = scorecardTable(answer.models);
      meta = { view: "models", scope: answer.scope };
      name = fileName(["scorecard", v.pilot ?? (v.from !== undefined ? `from-${v.from}` : "all"), v.model], v.format);
    }
    if (v.format === "json") {
      const rows = table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i] ?? null])));
      const body = JSON.stringify({ definitions: Object.fromEntries(FIGURE_DEFINITIONS), ...meta, rows }, null, 2);
      return attachment(body, name, "application/json", rows.length);
    }
    const header = [`# Pilot scorecard export (${commentJson(meta)})`, ...FIGURE_DEFINITIONS.map(([k, d]) => `# ${k}: ${d}`)].join("\n");
    return attachment(`${header}\n${Papa.unparse(
      // Cells a spreadsheet would run as a formula are made text by the rule every Pilot
      // CSV follows (Papa's own `escapeFormulae` missed full-width signs and text with a
      // line break in it).
      { fields: table.columns, data: table.rows.map((r) => r.map(textCell)) },
      // The model column is quoted (an id starting with "#" is not a comment line).
      { quotes: (_value: unknown, column: number) => column === 0, newline: "\n" },
    )}\n`, name, "text/csv; charset=utf-8", table.rows.length);
  });
}
