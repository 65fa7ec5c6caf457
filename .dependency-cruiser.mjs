// Pilot's import boundaries (docs/architecture.md, "Layout"), checked by `npm run lint`.
// Each rule says why. lib/testing/depcruise-rules.test.ts shows every rule failing on a
// deliberate violation. The folder rules exempt nothing but what they name.
import fs from "node:fs";
import path from "node:path";

// Code of ours (not node_modules, not node: built-ins).
const OURS = "^(app|components|lib|scripts|e2e)/|^[^/]+\\.tsx?$";
const TEST = "\\.test\\.tsx?$";

/** Our TypeScript files under app, components and lib, with a reader of their text. */
function sourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (/\.tsx?$/.test(e.name)) out.push({ rel, text: () => fs.readFileSync(path.join(root, rel), "utf8") });
    }
  };
  for (const dir of ["app", "components", "lib"]) if (fs.existsSync(path.join(root, dir))) walk(dir);
  return out;
}

/** Files that begin with "use client": they are bundled for the browser. */
function clientFiles(root) {
  return sourceFiles(root)
    .filter((f) => /^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*["']use client["']/.test(f.text().slice(0, 200)))
    .map((f) => f.rel);
}

/** Files that import "server-only": it throws when loaded outside a React Server bundle. */
function serverOnlyFiles(root) {
  return sourceFiles(root)
    .filter((f) => /^\s*import\s+["']server-only["']/m.test(f.text()))
    .map((f) => f.rel);
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Browser code: the client folders, and every "use client" file wherever it is.
const BROWSER = ["^lib/live/", "^lib/queries/", "^components/", ...clientFiles(process.cwd()).map((f) => `^${escape(f)}$`)];

// Server code that throws anywhere else (the package itself is outside the cruised graph).
const SERVER_ONLY = serverOnlyFiles(process.cwd()).map((f) => `^${escape(f)}$`);

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: "protocol-imports-nothing-of-ours",
      comment:
        "lib/protocol is the wire formats every other layer parses with; one import of ours " +
        "would make it depend on a layer that depends on it (and pull that layer into the browser).",
      severity: "error",
      from: { path: "^lib/protocol/", pathNot: TEST },
      to: { path: OURS, pathNot: "^lib/protocol/" },
    },
    {
      name: "protocol-tests-add-only-the-test-kit",
      comment: "A protocol test may use demo traffic and fixtures (lib/testing), nothing else of ours.",
      severity: "error",
      from: { path: `^lib/protocol/.*${TEST}` },
      to: { path: OURS, pathNot: "^lib/(protocol|testing)/" },
    },
    {
      name: "contract-imports-only-protocol",
      comment:
        "lib/contract is the API's answer shapes, shared by server and browser: it can build on " +
        "the wire formats but not on any server code (the browser imports it) or on the browser's.",
      severity: "error",
      from: { path: "^lib/contract/" },
      to: { path: OURS, pathNot: "^lib/(contract|protocol)/" },
    },
    {
      name: "store-knows-no-http-nats-or-ui",
      comment:
        "lib/store is the SQLite index: SQL in, answer shapes out. HTTP (lib/api), the browser's " +
        "queries and live views, the DAG views and NATS all sit above it; importing them would " +
        "make a cycle through the layer and tie the index to a transport.",
      severity: "error",
      from: { path: "^lib/store/", pathNot: TEST },
      to: { path: "^lib/(api|queries|graph|nats|live)/" },
    },
    {
      name: "store-tests-drive-it-from-above-only-through-api-and-graph",
      comment:
        "A store test may check an answer through the handler that serves it (lib/api) or the " +
        "view that reads it (lib/graph); nothing of NATS, the browser's queries or live views.",
      severity: "error",
      from: { path: `^lib/store/.*${TEST}` },
      to: { path: "^lib/(queries|nats|live)/" },
    },
    {
      name: "store-has-one-door",
      comment:
        "Outside lib/store, code imports lib/store/index.ts (the Store and what its answers need) " +
        "or server-store.ts (the process's store), never a file behind them: the folders inside " +
        "can be rearranged without touching their users.",
      severity: "error",
      from: { pathNot: "^lib/store/" },
      to: { path: "^lib/store/", pathNot: "^lib/store/(index|server-store)\\.ts$" },
    },
    {
      name: "browser-code-stays-out-of-the-server",
      comment:
        "Browser code (lib/live, lib/queries, components, every \"use client\" file) never imports " +
        "the HTTP handlers, the index, ingest or the server's NATS connection: they hold secrets, " +
        "SQLite and sockets, and import \"server-only\" so a build would fail late and obscurely.",
      severity: "error",
      from: { path: BROWSER },
      to: { path: "^lib/(api|store|ingest|nats)/" },
    },
    {
      name: "playwright-never-loads-server-only",
      comment:
        "Playwright loads e2e/ (and what it imports) in plain Node, where the \"server-only\" " +
        "package throws on import: one e2e helper reaching lib/store or lib/api, even through a " +
        "fixture file, makes `playwright test` find 0 tests and CI fail at its first step. " +
        "The fault suite (e2e/faults) runs under Vitest, which stubs the package.",
      severity: "error",
      from: { path: "^e2e/", pathNot: "^e2e/faults/" },
      to: { path: SERVER_ONLY.length ? SERVER_ONLY : ["^$"], reachable: true },
    },
    {
      name: "lib-never-imports-scripts",
      comment:
        "scripts/ holds command entry points only; what they share, tests included, lives in " +
        "lib/ (the test kit is lib/testing). An import the other way runs a command's code in the app.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^scripts/" },
    },
    {
      name: "no-circular",
      comment:
        "Two modules that import each other load in an order that depends on who is imported " +
        "first, and cannot be understood (or moved) one without the other. Type-only imports " +
        "count too (tsPreCompilationDeps: true): none are needed today, and a type cycle is " +
        "the first step of a runtime one.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|test-results|playwright-report)/" },
    // Type-only imports are dependencies too, for every rule above (see no-circular).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
    // "server-only" is aliased in tests; here it is just an npm package.
    reporterOptions: { text: { highlightFocused: true } },
  },
};
