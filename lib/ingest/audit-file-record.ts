import { validate } from "@/lib/protocol/issues";
import { parseLossless } from "@/lib/protocol/json";
import { countValues, MAX_MESSAGE_VALUES } from "@/lib/protocol/limits";
import { executorAuditRecordSchema, type ExecutorAuditRecord } from "@/lib/protocol/smith-audit";

export type ParsedAuditLine = { ok: true; record: ExecutorAuditRecord; text: string } | { ok: false; reason: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * One line of an executor's audit log: UTF-8, JSON parsed losslessly (timestamps and
 * byte counters may pass 2^53), then the on-disk record's schema. Never throws: every
 * way a line can be wrong is a reason a person can act on.
 */
export function parseAuditLine(bytes: Uint8Array): ParsedAuditLine {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: "not valid UTF-8" };
  }
  let data: unknown;
  try {
    data = parseLossless(text);
  } catch (error) {
    const message =
      error instanceof RangeError ? "nesting too deep" : error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `not JSON: ${message}` };
  }
  if (countValues(data) > MAX_MESSAGE_VALUES)
    return { ok: false, reason: `too large: more than ${MAX_MESSAGE_VALUES} JSON values` };
  const result = validate(executorAuditRecordSchema, data);
  return result.ok ? { ok: true, record: result.value, text } : { ok: false, reason: `not an audit record: ${result.reason}` };
}
