// The history index: the only module that writes SQL. Server-only.
import "server-only";
export { openStore } from "./store";
export { RAW_CAP_BYTES } from "./ledger/write";
export type {
  ApplyResult,
  IngestRecord,
  PreparedBatch,
  Store,
  StoreOptions,
  StreamSeqs,
} from "./core/types";
export type { FileAuditRecord, FileImportResult } from "./audit/file-import";
