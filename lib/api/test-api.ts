import { expect } from "vitest";
import type { z } from "zod";
import { apiErrorSchema } from "@/lib/contract/list";

/** Calls a handler as the route does, with a real Request's URL; returns status and JSON. */
export async function call(
  handler: (url: URL) => Response,
  query: Record<string, string | number> | string = {},
): Promise<{ status: number; body: unknown }> {
  const qs =
    typeof query === "string"
      ? query
      : new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const request = new Request(`http://pilot.test/api/x${qs ? `?${qs}` : ""}`);
  const res = handler(new URL(request.url));
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  return { status: res.status, body: await res.json() };
}

/** A 200 answer parsed with the schema the browser uses. */
export async function ok<S extends z.ZodType>(
  schema: S,
  handler: (url: URL) => Response,
  query: Record<string, string | number> | string = {},
): Promise<z.output<S>> {
  const { status, body } = await call(handler, query);
  expect(status, JSON.stringify(body)).toBe(200);
  return schema.parse(body);
}

/** Asserts a 400 that names the parameter. */
export async function refused(
  handler: (url: URL) => Response,
  query: Record<string, string | number> | string,
  param: string,
): Promise<void> {
  const { status, body } = await call(handler, query);
  expect(status, JSON.stringify(query)).toBe(400);
  const err = apiErrorSchema.parse(body);
  expect(err.param, JSON.stringify(query)).toBe(param);
  expect(err.error).toContain(param);
}

/** Every page of a list, following nextCursor. */
export async function allPages<T extends { items: unknown[]; nextCursor: string | null }>(
  fetchPage: (cursor: string | null) => Promise<T>,
): Promise<T["items"]> {
  const out: T["items"] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10_000; i++) {
    const page = await fetchPage(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
    if (cursor === null) return out;
  }
  throw new Error("pagination did not end");
}
