// The history index: the only module that writes SQL. Server-only.
import "server-only";
export { openStore } from "./store";
export { RAW_CAP_BYTES } from "./write-ledger";
export type {
  ApplyResult,
  IngestRecord,
  PreparedBatch,
  Store,
  StoreOptions,
  StreamSeqs,
} from "./types";
export type { FileAuditRecord, FileImportResult } from "./write-file-audit";
