import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * The import boundaries of .dependency-cruiser.mjs (run by `npm run lint`), each shown
 * failing: a small tree of fixture files, laid out like the project, with one deliberate
 * violation per rule and a few imports each rule allows, cruised with the project's own
 * configuration. The real tree passing is `npm run lint` itself.
 */

const ROOT = process.cwd();
const CONFIG = path.join(ROOT, ".dependency-cruiser.mjs");
const CLI = path.join(ROOT, "node_modules", "dependency-cruiser", "bin", "dependency-cruiser.mjs");

/** path → source; an import line per dependency. */
const FIXTURES: Record<string, string> = {
  "tsconfig.json": JSON.stringify({
    compilerOptions: { module: "esnext", moduleResolution: "bundler", jsx: "react-jsx", paths: { "@/*": ["./*"] } },
  }),
  // Targets: import nothing.
  "lib/api/handler.ts": "export const h = 1;\n",
  "lib/queries/options.ts": "export const q = 1;\n",
  "lib/nats/connection.ts": "export const n = 1;\n",
  "lib/live/follow.ts": "export const l = 1;\n",
  "lib/ingest/consumer.ts": "export const i = 1;\n",
  "lib/store/index.ts": "export const s = 1;\n",
  "lib/store/server-store.ts": "export const ss = 1;\n",
  "lib/store/core/db.ts": "export const db = 1;\n",
  "lib/testing/kit.ts": "export const k = 1;\n",
  "scripts/command.ts": "export const c = 1;\n",
  // Violations, one per rule.
  "lib/protocol/wire.ts": 'import { h } from "@/lib/api/handler";\nexport const w = h;\n',
  "lib/protocol/wire.test.ts": 'import { s } from "@/lib/store/index";\nimport { k } from "@/lib/testing/kit";\nexport const t = s + k;\n',
  "lib/contract/answer.ts": 'import { q } from "@/lib/queries/options";\nexport const a = q;\n',
  "lib/store/audit/read.ts": 'import { n } from "@/lib/nats/connection";\nimport { db } from "@/lib/core/db";\nexport const r = n + db;\n',
  "lib/store/audit/read.test.ts": 'import { l } from "@/lib/live/follow";\nimport { h } from "@/lib/api/handler";\nexport const t = l + h;\n',
  "lib/graph/view.ts":
    'import { db } from "@/lib/store/core/db";\nimport { s } from "@/lib/store";\nimport { ss } from "@/lib/store/server-store";\nexport const v = db + s + ss;\n',
  "components/panel.tsx": 'import { i } from "@/lib/ingest/consumer";\nexport const p = i;\n',
  "app/leaf.tsx": '"use client";\nimport { ss } from "@/lib/store/server-store";\nexport const leaf = ss;\n',
  "app/page.tsx": 'import { ss } from "@/lib/store/server-store";\nexport const page = ss;\n',
  "lib/testing/uses-script.ts": 'import { c } from "../../scripts/command";\nexport const u = c;\n',
  "lib/api/guarded.ts": 'import "server-only";\nexport const g = 1;\n',
  "lib/testing/reaches-server.ts": 'import { g } from "../api/guarded";\nexport const r = g;\n',
  "e2e/page.spec.ts": 'import { r } from "../lib/testing/reaches-server";\nimport { k } from "../lib/testing/kit";\nexport const e = r + k;\n',
  "e2e/faults/node.test.ts": 'import { r } from "../../lib/testing/reaches-server";\nexport const f = r;\n',
  "lib/cycle/a.ts": 'import { b } from "./b";\nexport const a = b;\nexport type A = number;\n',
  "lib/cycle/b.ts": 'import type { A } from "./a";\nexport const b: A = 1;\n',
};

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

let dir = "";
let found: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "pilot-depcruise-"));
  for (const [file, text] of Object.entries(FIXTURES)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  // The CLI exits non-zero when it finds violations; the report is on stdout either way.
  const run = promisify(execFile)(
    process.execPath,
    [CLI, "--config", CONFIG, "--output-type", "json", "lib", "app", "components", "scripts", "e2e"],
    { cwd: dir, maxBuffer: 16 << 20 },
  ).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }));
  const { stdout } = await run;
  const report = JSON.parse(stdout) as { summary: { violations: Violation[] } };
  found = report.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the import boundaries (.dependency-cruiser.mjs)", () => {
  it("refuses each deliberate violation under its rule, and nothing the rules allow", () => {
    expect(found).toEqual(
      [
        "protocol-imports-nothing-of-ours: lib/protocol/wire.ts → lib/api/handler.ts",
        "protocol-tests-add-only-the-test-kit: lib/protocol/wire.test.ts → lib/store/index.ts",
        "contract-imports-only-protocol: lib/contract/answer.ts → lib/queries/options.ts",
        "store-knows-no-http-nats-or-ui: lib/store/audit/read.ts → lib/nats/connection.ts",
        "store-tests-drive-it-from-above-only-through-api-and-graph: lib/store/audit/read.test.ts → lib/live/follow.ts",
        "store-has-one-door: lib/graph/view.ts → lib/store/core/db.ts",
        "browser-code-stays-out-of-the-server: components/panel.tsx → lib/ingest/consumer.ts",
        "browser-code-stays-out-of-the-server: app/leaf.tsx → lib/store/server-store.ts",
        "lib-never-imports-scripts: lib/testing/uses-script.ts → scripts/command.ts",
        // Through a fixture file; the fault suite (Vitest, which stubs the package) may.
        "playwright-never-loads-server-only: e2e/page.spec.ts → lib/api/guarded.ts",
        // Reported once per cycle; its type-only half counts (tsPreCompilationDeps).
        "no-circular: lib/cycle/a.ts → lib/cycle/b.ts",
      ].sort(),
    );
  });
});
