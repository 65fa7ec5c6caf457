import "server-only";
import type { Db } from "../core/db";

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

interface ComboRow {
  id: number;
  channel: string;
  executor_id: string;
  status_norm: string;
  decision: string;
  sandbox_mode: string;
  rules: string;
}

/** Rule sets are few (combos are many: ~11k for 300k bench events, 18 rule sets): parsed once each. */
const parsedRules = new Map<string, readonly string[]>();

function parseRules(text: string): readonly string[] {
  let rules = parsedRules.get(text);
  if (rules === undefined) {
    const value: unknown = JSON.parse(text);
    rules = Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
    if (parsedRules.size < 10_000) parsedRules.set(text, rules);
  }
  return rules;
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
 * Combo ids for the writer, cached: an event's facts are a handful of strings, and
 * nearly every event repeats a combination seen before.
 */
export function createComboWriter(db: Db) {
  const insert = db.prepare(`INSERT OR IGNORE INTO audit_combos
    (channel, executor_id, status_norm, decision, sandbox_mode, rules) VALUES (?, ?, ?, ?, ?, ?)`);
  const find = db.prepare<{ id: number }>(`SELECT id FROM audit_combos WHERE channel = ?
    AND executor_id = ? AND status_norm = ? AND decision = ? AND sandbox_mode = ? AND rules = ?`);
  let ids = new Map<string, number>();
  /** Whether the record being written inserted a combo (its savepoint may roll it back). */
  let inserted = false;

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
        inserted = true;
        id = find.get(...values)?.id;
        if (id === undefined) throw new Error("audit combo missing right after its insert");
        ids.set(key, id);
      }
      return id;
    },

    beginRecord(): void {
      inserted = false;
    },

    /** The record's savepoint rolled back: ids it cached may name rows that are gone. */
    undoRecord(): void {
      if (inserted) ids = new Map();
      inserted = false;
    },

    /** After a rollback or a reset: the cached ids may name rows that no longer exist. */
    discard(): void {
      ids = new Map();
      inserted = false;
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
