import "server-only";

/*
 * Agent sessions' DAGs. graph_nodes / graph_edges hold the latest state (the default
 * graph view reads only them); the *_history tables keep every version with the stream
 * seq that carried it and graph_removals every removal, which together answer "the
 * graph as of seq S". An item is present when its latest version is newer than its
 * latest removal (a removal in the same delta as an add wins: it is applied after).
 */
export const GRAPH_SCHEMA = `
CREATE TABLE graph_sessions (
  id INTEGER PRIMARY KEY,          -- order of first appearance: the list's stable key
  session_id TEXT NOT NULL UNIQUE,
  stream TEXT NOT NULL,
  first_seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  first_ns TEXT,
  last_ns TEXT,
  request_id TEXT,
  title TEXT,                      -- label of the first node added (the planner's goal)
  deltas INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE graph_nodes (
  session_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  label TEXT NOT NULL,
  node_type TEXT NOT NULL,
  status TEXT,
  intent_id TEXT,
  metadata TEXT NOT NULL,
  added_seq INTEGER NOT NULL,
  updated_seq INTEGER NOT NULL,
  removed_seq INTEGER,
  PRIMARY KEY (session_id, node_id)
) WITHOUT ROWID;
CREATE INDEX graph_nodes_by_intent ON graph_nodes (intent_id) WHERE intent_id IS NOT NULL;
CREATE INDEX graph_nodes_by_status ON graph_nodes (session_id, status);

CREATE TABLE graph_node_history (
  session_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  label TEXT NOT NULL,
  node_type TEXT NOT NULL,
  status TEXT,
  intent_id TEXT,
  metadata TEXT NOT NULL,
  PRIMARY KEY (session_id, node_id, seq)
) WITHOUT ROWID;

CREATE TABLE graph_edges (
  session_id TEXT NOT NULL,
  edge_id TEXT NOT NULL,
  from_id TEXT NOT NULL,
  to_id TEXT NOT NULL,
  label TEXT,
  edge_type TEXT NOT NULL,
  added_seq INTEGER NOT NULL,
  updated_seq INTEGER NOT NULL,
  removed_seq INTEGER,
  PRIMARY KEY (session_id, edge_id)
) WITHOUT ROWID;

CREATE TABLE graph_edge_history (
  session_id TEXT NOT NULL,
  edge_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  from_id TEXT NOT NULL,
  to_id TEXT NOT NULL,
  label TEXT,
  edge_type TEXT NOT NULL,
  PRIMARY KEY (session_id, edge_id, seq)
) WITHOUT ROWID;

CREATE TABLE graph_removals (
  session_id TEXT NOT NULL,
  kind TEXT NOT NULL,              -- node | edge
  item_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (session_id, kind, item_id, seq)
) WITHOUT ROWID;
`;
