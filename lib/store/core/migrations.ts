import "server-only";
import { createHash } from "node:crypto";
import type Database from "better-sqlite3";
import { AGENTS_SCHEMA } from "./schema-agents";
import { AUDIT_SCHEMA } from "./schema-audit";
import { CORE_SCHEMA } from "./schema-core";
import { GRAPH_SCHEMA } from "./schema-graph";
import { SCHEMA_CUSTODY } from "./schema-custody";
import { SCHEMA_EVIDENCE } from "./schema-evidence";
import { SCHEMA_V2 } from "./schema-v2";
import { SCHEMA_V6 } from "./schema-v6";
import { migrateToV10, REBUILD_V10, SCHEMA_V10 } from "./schema-v10";

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** A step in code after `sql`, in the same transaction; `runSql` is the SQL it runs (checksummed). */
  run?: (db: Database.Database) => void;
  runSql?: string;
}

/** Append only: a released migration never changes, a new version is added instead. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "history index: messages, intents, audit, graphs, agents, quarantine",
    sql: [CORE_SCHEMA, AUDIT_SCHEMA, GRAPH_SCHEMA, AGENTS_SCHEMA].join("\n"),
  },
  {
    version: 2,
    name: "audit decisions as a JSON column; no count tables",
    sql: SCHEMA_V2,
  },
  {
    version: 3,
    // The integrity view counts and lists runs that started after their TTL: few rows.
    name: "partial index of intents that ran late",
    sql: "CREATE INDEX intents_ran_late ON intents (created_ms, id) WHERE ran_late = 1;",
  },
  {
    version: 5,
    name: "conflicting copies of an intent id; runner timeouts reported as errors filed as timeouts",
    sql: SCHEMA_CUSTODY,
  },
  {
    version: 6,
    name: "real shapes: SkillLite wrappers and swarm events, benchmark task features, policy updates",
    sql: SCHEMA_V6,
  },
  {
    version: 7,
    // A session drawn from agentd's planner workflows, not from GraphDelta envelopes: the
    // live view follows other subjects for it and maps its messages the same way.
    name: "graph sessions say what they were drawn from",
    sql: "ALTER TABLE graph_sessions ADD COLUMN source TEXT NOT NULL DEFAULT 'graph-delta';",
  },
  {
    version: 8,
    // The audit columns a reader holds in memory, on disk by blocks of ids, so that a
    // restart reads BLOBs instead of every event (see audit/sealed-blocks.ts). Filled by
    // the next write, for the events already held too.
    name: "audit columns sealed by blocks of event ids",
    sql: "CREATE TABLE audit_blocks (block INTEGER PRIMARY KEY, ts BLOB NOT NULL, combo BLOB NOT NULL, first BLOB NOT NULL);",
  },
  {
    version: 9,
    name: "audit messages' bytes as received, intents by stream order: evidence bundles",
    sql: SCHEMA_EVIDENCE,
  },
  {
    version: 10,
    name: "audit payloads kept once, compressed by frames; rows without JSON copies",
    sql: SCHEMA_V10,
    run: migrateToV10,
    runSql: REBUILD_V10,
  },
];

/** Every table that holds data (reset empties them; health counts them). */
export const DATA_TABLES = [
  "messages",
  "stream_cursors",
  "quarantine",
  "intents",
  "intent_copies",
  "results",
  "audit_events",
  "audit_combos",
  "audit_blocks",
  "audit_payloads",
  "graph_sessions",
  "graph_nodes",
  "graph_node_history",
  "graph_edges",
  "graph_edge_history",
  "graph_removals",
  "newt_pilots",
  "newt_replies",
  "skilllite_tasks",
  "skilllite_results",
  "benchmark_events",
  "smith_events",
  "skilllite_events",
  "benchmark_task_features",
  "policy_updates",
] as const;
export type DataTable = (typeof DATA_TABLES)[number];

/** Contentless FTS tables, emptied with their own 'delete-all' command. */
export const FTS_TABLES = ["intent_fts", "audit_fts"] as const;

interface AppliedRow {
  version: number;
  checksum: string;
}

function checksum(m: Migration): string {
  return createHash("sha256").update(m.runSql === undefined ? m.sql : `${m.sql}\n${m.runSql}`).digest("hex").slice(0, 16);
}

/**
 * Brings the file to the latest schema, one transaction per migration. A file written
 * by a newer Pilot, or by a build whose migration of the same version differs, is
 * refused rather than guessed at: the index is a cache, so the fix is to delete it and
 * reindex.
 */
export function migrate(db: Database.Database, file: string): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_ms INTEGER NOT NULL
  )`);
  const refuse = (why: string) =>
    new Error(`the index ${file} ${why}; delete the file and run \`npm run reindex\``);
  const applied = db
    .prepare<AppliedRow>("SELECT version, checksum FROM schema_migrations ORDER BY version")
    .all();
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  for (const row of applied) {
    const known = MIGRATIONS.find((m) => m.version === row.version);
    if (!known)
      throw refuse(`has schema version ${row.version}, unknown to this Pilot (latest ${latest})`);
    if (checksum(known) !== row.checksum)
      throw refuse(`was written by another build of schema version ${row.version}`);
  }
  const current = applied.at(-1)?.version ?? 0;
  const record = db.prepare(
    "INSERT INTO schema_migrations (version, name, checksum, applied_ms) VALUES (?, ?, ?, ?)",
  );
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.run?.(db);
      record.run(m.version, m.name, checksum(m), Date.now());
    }).immediate();
  }
  return latest;
}
