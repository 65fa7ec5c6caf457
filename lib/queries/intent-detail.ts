import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import { intentDetailSchema } from "@/lib/contract/intents";

export function intentDetailQuery(id: string) {
  return queryOptions({
    queryKey: ["intent", id] as const,
    queryFn: () => fetchJson(`/api/intents/${encodeURIComponent(id)}`, intentDetailSchema),
  });
}
