import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../core/db";
import { applyInBatches, demoRecords, tempStore, type TempStore } from "@/lib/testing/store-fixtures";

const { records } = demoRecords(6000);
const graphRecords = records.filter((r) => r.subject.startsWith("smith.events.graph."));
const opened: TempStore[] = [];
afterAll(() => opened.forEach((t) => t.cleanup()));

const TABLES = [
  "SELECT * FROM graph_sessions ORDER BY id",
  "SELECT * FROM graph_nodes ORDER BY session_id, node_id",
  "SELECT * FROM graph_node_history ORDER BY session_id, node_id, seq",
  "SELECT * FROM graph_edges ORDER BY session_id, edge_id",
  "SELECT * FROM graph_removals ORDER BY session_id, kind, item_id, seq",
];

function graphTables(batch: number, order: "as published" | "shuffled") {
  const t = tempStore();
  opened.push(t);
  let input = graphRecords;
  if (order === "shuffled") {
    // Deterministic: a redelivery storm that brings each run of 7 back to front.
    input = [];
    for (let i = 0; i < graphRecords.length; i += 7)
      input.push(...graphRecords.slice(i, i + 7).reverse());
  }
  applyInBatches(t.store, input, batch);
  const db = openDatabase(t.file);
  try {
    return TABLES.map((sql) => db.prepare(sql).all());
  } finally {
    db.close();
  }
}

describe("graph rows gathered over a batch", () => {
  it.each(["as published", "shuffled"] as const)(
    "are the rows one delta at a time writes, %s",
    (order) => {
      expect(graphRecords.length).toBeGreaterThan(300);
      const oneByOne = graphTables(1, order);
      expect(oneByOne[1]?.length).toBeGreaterThan(100);
      expect(graphTables(500, order)).toEqual(oneByOne);
    },
    120_000,
  );
});
