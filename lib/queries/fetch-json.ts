import type { z } from "zod";

/** Fetches a Pilot API route and parses the answer with its schema (the browser trusts nothing). */
export async function fetchJson<S extends z.ZodType>(url: string, schema: S): Promise<z.output<S>> {
  const res = await fetch(url, { cache: "no-store", headers: { accept: "application/json" } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message =
      body && typeof body === "object" && "error" in body && typeof body.error === "string"
        ? body.error
        : `${res.status} ${res.statusText}`;
    throw new Error(`${url}: ${message}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`${url}: unexpected answer (${parsed.error.issues[0]?.message ?? "invalid"})`);
  return parsed.data;
}
