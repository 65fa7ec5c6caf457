import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { ApiError } from "@/lib/contract/list";
import type { Store } from "@/lib/store";

/**
 * Where a handler gets its Store: the Store, or a getter (what the routes pass) that is
 * called only after the parameters parsed, inside `guarded`, so a bad parameter is a
 * 400 and an index that cannot be opened a JSON 500.
 */
export type StoreSource = Store | (() => Store);

export function storeOf(source: StoreSource): Store {
  return typeof source === "function" ? source() : source;
}

const HEADERS = { "cache-control": "no-store" };

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: HEADERS });
}

export function badParam(param: string, message: string): Response {
  const body: ApiError = { error: `${param}: ${message}`, param };
  return json(body, 400);
}

export function notFound(what: string): Response {
  const body: ApiError = { error: `${what} not found` };
  return json(body, 404);
}

/** A request's query parameters as an object; a parameter given twice is refused. */
function queryObject(
  url: URL,
): { ok: true; value: Record<string, string> } | { ok: false; param: string } {
  const out: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (Object.hasOwn(out, key)) return { ok: false, param: key };
    out[key] = value;
  }
  return { ok: true, value: out };
}

/** Parses parameters with a zod schema; a refusal is a 400 that names the parameter. */
export function parseParams<S extends z.ZodType>(
  schema: S,
  input: URL | Record<string, string>,
): { ok: true; value: z.output<S> } | { ok: false; response: Response } {
  let raw: Record<string, string>;
  if (input instanceof URL) {
    const q = queryObject(input);
    if (!q.ok) return { ok: false, response: badParam(q.param, "given more than once") };
    raw = q.value;
  } else {
    raw = input;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const param = issue && issue.path.length > 0 ? String(issue.path[0]) : "(query)";
  return { ok: false, response: badParam(param, issue?.message ?? "invalid") };
}

/**
 * Runs a handler body; an unexpected failure (the index unreadable, a bug) is a JSON
 * 500, never an HTML error page. Bad input never gets this far.
 */
export function guarded(fn: () => Response): Response {
  try {
    return fn();
  } catch (error) {
    return failed(error);
  }
}

/** `guarded` for a handler that waits for something besides the index. */
export async function guardedAsync(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    return failed(error);
  }
}

/**
 * The 500 body says only that it failed and under which id: SQLite's message names tables,
 * columns and file paths, so it goes to the server log beside the id, never to the client.
 */
export function failed(error: unknown): Response {
  const id = randomUUID();
  console.error(`[api] history query failed (error ${id}):`, error);
  const body: ApiError & { errorId: string } = { error: `the history index could not answer (error ${id}; the details are in Pilot's log)`, errorId: id };
  return json(body, 500);
}
