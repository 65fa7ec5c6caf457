import "server-only";
import type { Db } from "./db";

/** The filterable facts of an audit event; see schema-audit.ts. */
export interface Combo {
  channel: string;
  executor: string;
  status: string;
  decision: string;
  sandbox: string;
  /** Distinct rule names, sorted. */
  rules: readonly string[];
}

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

interface ComboRow {
  id: number;
  channel: string;
  executor_id: string;
  status_norm: string;
  decision: string;
  sandbox_mode: string;
  rules: string;
}

function parseRules(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function comboOf(r: ComboRow): Combo {
  return {
    channel: r.channel,
    executor: r.executor_id,
    status: r.status_norm,
    decision: r.decision,
    sandbox: r.sandbox_mode,
    rules: parseRules(r.rules),
  };
}

/**
 * Combo ids for the writer, cached, and the per-batch counts per (bucket, combo),
 * written once per batch instead of once per event.
 */
export function createComboWriter(db: Db) {
  const insert = db.prepare(`INSERT OR IGNORE INTO audit_combos
    (channel, executor_id, status_norm, decision, sandbox_mode, rules) VALUES (?, ?, ?, ?, ?, ?)`);
  const find = db.prepare<{ id: number }>(`SELECT id FROM audit_combos WHERE channel = ?
    AND executor_id = ? AND status_norm = ? AND decision = ? AND sandbox_mode = ? AND rules = ?`);
  const addHour = db.prepare(`INSERT INTO audit_counts_hour (bucket, combo, n) VALUES (?, ?, ?)
    ON CONFLICT (bucket, combo) DO UPDATE SET n = n + excluded.n`);
  const addMinute = db.prepare(`INSERT INTO audit_counts_minute (bucket, combo, n) VALUES (?, ?, ?)
    ON CONFLICT (bucket, combo) DO UPDATE SET n = n + excluded.n`);
  let ids = new Map<string, number>();
  let hours = new Map<string, number>();
  let minutes = new Map<string, number>();
  /** What the record being written added, to take back if its savepoint rolls back. */
  let recordKeys: [Map<string, number>, string][] = [];
  const bump = (m: Map<string, number>, key: string, by = 1) => {
    m.set(key, (m.get(key) ?? 0) + by);
    if (by > 0) recordKeys.push([m, key]);
  };

  return {
    idFor(c: Combo): number {
      const values = [
        c.channel,
        c.executor,
        c.status,
        c.decision,
        c.sandbox,
        JSON.stringify(c.rules),
      ];
      const key = values.join("\u0000");
      let id = ids.get(key);
      if (id === undefined) {
        insert.run(...values);
        id = find.get(...values)?.id;
        if (id === undefined) throw new Error("audit combo missing right after its insert");
        ids.set(key, id);
      }
      return id;
    },

    count(tsMs: number, combo: number): void {
      bump(hours, `${Math.floor(tsMs / HOUR_MS)}:${combo}`);
      bump(minutes, `${Math.floor(tsMs / MINUTE_MS)}:${combo}`);
    },

    beginRecord(): void {
      recordKeys = [];
    },

    /** The record's savepoint rolled back: its tallies go, and ids it cached may be gone. */
    undoRecord(): void {
      for (const [m, key] of recordKeys) bump(m, key, -1);
      recordKeys = [];
      ids = new Map();
    },

    flush(): void {
      for (const [table, m] of [
        [addHour, hours],
        [addMinute, minutes],
      ] as const) {
        for (const [key, n] of m) {
          const [bucket, combo] = key.split(":").map(Number);
          if (n > 0) table.run(bucket ?? 0, combo ?? 0, n);
        }
      }
      hours = new Map();
      minutes = new Map();
    },

    /** After a rollback or a reset: the cached ids may name rows that no longer exist. */
    discard(): void {
      ids = new Map();
      hours = new Map();
      minutes = new Map();
      recordKeys = [];
    },
  };
}

export type ComboWriter = ReturnType<typeof createComboWriter>;

/** The reader's dictionary of combos; ids are never reused, so only new ones are read. */
export function createComboReader() {
  const known = new Map<number, Combo>();
  let maxId = 0;
  return {
    all(read: (afterId: number) => ComboRow[]): ReadonlyMap<number, Combo> {
      for (const row of read(maxId)) {
        known.set(row.id, comboOf(row));
        if (row.id > maxId) maxId = row.id;
      }
      return known;
    },
  };
}

export const COMBO_ROWS_SQL = `SELECT id, channel, executor_id, status_norm, decision,
  sandbox_mode, rules FROM audit_combos WHERE id > ? ORDER BY id`;
export type { ComboRow };
