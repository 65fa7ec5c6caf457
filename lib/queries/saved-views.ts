import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import { savedViewListSchema, savedViewSchema } from "@/lib/contract/saved-views";
import { z } from "zod";

export const savedViewsQuery = queryOptions({
  queryKey: ["saved-views"] as const,
  queryFn: () => fetchJson("/api/views", savedViewListSchema),
  // Another person's shared view shows up without a reload, within half a minute.
  refetchInterval: 30_000,
});

async function answer(res: Response): Promise<unknown> {
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = z.object({ error: z.string() }).safeParse(body);
    throw new Error(parsed.success ? parsed.data.error : `${res.status} ${res.statusText}`);
  }
  return body;
}

/** Saves the view at `path` (the page's own path and query). */
export async function saveView(v: { name: string; path: string; shared: boolean }) {
  const res = await fetch("/api/views", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(v) });
  return z.object({ view: savedViewSchema }).parse(await answer(res)).view;
}

export async function deleteSavedView(id: string): Promise<void> {
  const res = await fetch(`/api/views/${encodeURIComponent(id)}`, { method: "DELETE", headers: { "content-type": "application/json" } });
  if (res.status !== 204) await answer(res);
}
