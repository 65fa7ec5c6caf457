// The history index: the only module that writes SQL. Server-only. The one door into
// lib/store for the rest of the code base (with server-store.ts, the process's store);
// dependency-cruiser (.dependency-cruiser.mjs) refuses imports of anything behind it.
import "server-only";
export { openStore, type Store } from "./store";
export { RAW_CAP_BYTES } from "./ledger/write";
export type {
  ApplyResult,
  IngestRecord,
  PreparedBatch,
  StoreOptions,
  StreamSeqs,
} from "./core/types";
export type { FileAuditRecord, FileImportResult } from "./audit/file-import";
// What the HTTP layer (lib/api) reads of an answer's rows: the audit filter it builds, the
// export's columns, and the helpers that turn a row's text columns back into values.
export type { AuditFilter } from "./audit/filter";
export type { WindowCounts } from "./audit/window-counts";
export { EXPORT_COLUMN, type ExportRow } from "./audit/export";
export type { EvidenceKeys } from "./evidence/keys";
export { EvidenceBytesMissing, type EvidenceRow } from "./evidence/read";
export { parseDecisions } from "./audit/rows";
export { oneOf, oneOfOr } from "./core/row-values";
export { apiJson } from "./core/values";
// For the ingest benchmark (scripts/bench/ingest-stages.ts), which times the stages apart.
export { decodeWorker } from "./batch/decode-offload";
export { nativeEd25519Verify } from "./batch/ed25519-native";
