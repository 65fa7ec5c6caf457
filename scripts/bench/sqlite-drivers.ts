/**
 * better-sqlite3 against Node's built-in `node:sqlite` on the same work, in one process:
 * batched inserts shaped like the index's message rows (500 a transaction, as ingest
 * writes), point reads by key, a range read of 200 rows, and FTS5 indexing and matching
 * (the audit search). Each on a fresh WAL file; CPU time, best of a few rounds.
 *
 *   node --import tsx scripts/bench/sqlite-drivers.ts [--rows 100000] [--rounds 3]
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { rows: { type: "string", default: "100000" }, rounds: { type: "string", default: "3" } } });
const ROWS = Number(values.rows);
const ROUNDS = Number(values.rounds);
const BATCH = 500;
const READS = 20_000;

/** The few calls both drivers have, so one workload runs on either. */
interface Driver {
  exec(sql: string): void;
  prepare(sql: string): { run(...p: (string | number)[]): unknown; get(...p: (string | number)[]): unknown; all(...p: (string | number)[]): unknown[] };
  close(): void;
}

const WORDS = ["kubeconfig", "postgres", "terraform", "pytest", "cargo", "nginx", "redis", "grafana", "vault", "denied", "egress", "sandbox"];
const payload = (i: number): string =>
  JSON.stringify({ intent_id: `0199a000-0000-7000-8000-${String(i).padStart(12, "0")}`, created_at_ns: `${1764201600000000000n + BigInt(i) * 1000003n}`, args: { path: `/srv/${WORDS[i % 12]}/${i}` } });
const text = (i: number): string => `${WORDS[i % 12]} ${WORDS[(i * 7) % 12]} rule ${WORDS[(i * 5) % 12]} ${i}`;

function workload(db: Driver): Record<string, number> {
  const t: Record<string, number> = {};
  const time = (name: string, f: () => void) => {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    t[name] = (c.user + c.system) / 1000;
  };
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  db.exec("CREATE TABLE msg (stream TEXT NOT NULL, seq INTEGER NOT NULL, subject TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (stream, seq)) WITHOUT ROWID");
  db.exec("CREATE VIRTUAL TABLE audit_fts USING fts5(body)");
  const insert = db.prepare("INSERT OR IGNORE INTO msg (stream, seq, subject, payload) VALUES (?, ?, ?, ?)");
  const fts = db.prepare("INSERT INTO audit_fts (rowid, body) VALUES (?, ?)");
  time("insert", () => {
    for (let at = 0; at < ROWS; at += BATCH) {
      db.exec("BEGIN");
      for (let i = at; i < Math.min(at + BATCH, ROWS); i++) insert.run("SMITH_INTENTS", i + 1, `smith.intents.vetted.fs.read.v1`, payload(i));
      db.exec("COMMIT");
    }
  });
  time("fts insert", () => {
    for (let at = 0; at < ROWS; at += BATCH) {
      db.exec("BEGIN");
      for (let i = at; i < Math.min(at + BATCH, ROWS); i++) fts.run(i + 1, text(i));
      db.exec("COMMIT");
    }
  });
  const one = db.prepare("SELECT payload FROM msg WHERE stream = ? AND seq = ?");
  time("point reads", () => {
    for (let k = 0; k < READS; k++) if (!one.get("SMITH_INTENTS", ((k * 7919) % ROWS) + 1)) throw new Error("missing row");
  });
  const range = db.prepare("SELECT seq, subject, payload FROM msg WHERE stream = ? AND seq > ? ORDER BY seq LIMIT 200");
  time("range reads", () => {
    for (let k = 0; k < 2000; k++) if (range.all("SMITH_INTENTS", (k * 31) % (ROWS - 200)).length !== 200) throw new Error("short page");
  });
  const match = db.prepare("SELECT rowid FROM audit_fts WHERE audit_fts MATCH ? ORDER BY rowid DESC LIMIT 50");
  time("fts match", () => {
    for (let k = 0; k < 500; k++) match.all(`${WORDS[k % 12]} AND ${WORDS[(k + 3) % 12]}`);
  });
  return t;
}

const drivers: [string, (file: string) => Driver][] = [
  ["better-sqlite3", (file) => new Database(file)],
  ["node:sqlite", (file) => new DatabaseSync(file)],
];
const bestOf: Record<string, Record<string, number>> = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, open] of drivers) {
    const dir = mkdtempSync(path.join(tmpdir(), "pilot-sqlite-bench-"));
    const db = open(path.join(dir, "bench.sqlite"));
    try {
      const t = workload(db);
      const b = (bestOf[name] ??= {});
      for (const [k, v] of Object.entries(t)) b[k] = Math.min(b[k] ?? Infinity, v);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
const sqliteVersion = (d: Driver): string => {
  const row = d.prepare("SELECT sqlite_version() AS v").get();
  return row !== null && typeof row === "object" && "v" in row ? String(row.v) : "?";
};
const probe = [new Database(":memory:"), new DatabaseSync(":memory:")];
console.log(`Node ${process.version}; SQLite ${probe.map(sqliteVersion).join(" / ")}; ${ROWS} rows, ${BATCH} a transaction; ms of CPU, best of ${ROUNDS}`);
for (const d of probe) d.close();
const stages = Object.keys(bestOf["better-sqlite3"] ?? {});
console.log(["driver", ...stages].join(" | "));
for (const [name] of drivers) console.log([name, ...stages.map((s) => (bestOf[name]?.[s] ?? NaN).toFixed(0))].join(" | "));
