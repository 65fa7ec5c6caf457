import { z } from "zod";

const answer = z.object({ error: z.string().optional() });

/** A JSON request to the alerts API; the error the server gave, if any. */
export async function send(url: string, method: string, body?: unknown): Promise<{ ok: boolean; error?: string }> {
  const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const parsed = answer.safeParse(await res.json().catch(() => ({})));
  return { ok: res.ok, error: parsed.data?.error ?? (res.ok ? undefined : `${res.status}`) };
}

export const field = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
export const button = "rounded-md border border-zinc-300 px-2 py-0.5 text-sm disabled:opacity-50 dark:border-zinc-700";
