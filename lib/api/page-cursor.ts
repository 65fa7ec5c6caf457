import "server-only";
import { z } from "zod";

/**
 * Keyset pagination cursors: the sort key of the last item of a page (base64url JSON,
 * lib/contract/page-cursor.ts). A page is "after this key" in the list's order, so
 * inserts between two requests never shift a page: no duplicates, no gaps.
 */
export { encodeCursor } from "@/lib/contract/page-cursor";

/** A query-param schema that decodes a cursor and checks its key's shape. */
export function cursorParam<T extends z.ZodType>(key: T) {
  return z.string().transform((text, ctx): z.output<T> => {
    let parsed: unknown;
    try {
      parsed = /^[A-Za-z0-9_-]+$/.test(text)
        ? JSON.parse(Buffer.from(text, "base64url").toString("utf8"))
        : undefined;
    } catch {
      parsed = undefined;
    }
    const result = key.safeParse(parsed);
    if (!result.success) {
      ctx.issues.push({ code: "custom", input: text, message: "not a cursor this list issued" });
      return z.NEVER;
    }
    return result.data;
  });
}

export const timeIdKey = z.tuple([z.number().int(), z.string().min(1)]);
export const timeRowKey = z.tuple([z.number().int(), z.number().int().positive()]);
export const rowKey = z.tuple([z.number().int().positive()]);
