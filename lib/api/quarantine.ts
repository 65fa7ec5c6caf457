import "server-only";
import { z } from "zod";
import { MESSAGE_SCHEMAS } from "@/lib/protocol/subjects";
import { cursorParam, rowKey } from "./page-cursor";
import { exactParam, limitParam } from "./params";
import { guarded, json, parseParams, storeOf, type StoreSource } from "./respond";

const KINDS = Object.keys(MESSAGE_SCHEMAS);

export const quarantineParams = z.object({
  stream: exactParam.optional(),
  kind: z
    .string()
    .refine((k) => k === "none" || KINDS.includes(k), {
      error: `expected none or one of ${KINDS.join(", ")}`,
    })
    .optional(),
  reason: exactParam.optional(),
  cursor: cursorParam(rowKey).optional(),
  limit: limitParam,
});

/**
 * `GET /api/quarantine`. Raw payloads are for auditors: without `withRaw` every item's
 * bytes are left out and `rawRedacted` says so.
 */
export function handleQuarantine(store: StoreSource, url: URL, opts: { withRaw: boolean } = { withRaw: true }): Response {
  const p = parseParams(quarantineParams, url);
  if (!p.ok) return p.response;
  const { cursor, ...filter } = p.value;
  return guarded(() => {
    const page = storeOf(store).listQuarantine({ ...filter, after: cursor });
    return json(opts.withRaw ? page : { ...page, items: page.items.map((q) => ({ ...q, raw: "", rawBase64: null, rawRedacted: true })) });
  });
}
