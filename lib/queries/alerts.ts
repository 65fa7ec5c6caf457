import { queryOptions } from "@tanstack/react-query";
import { alertsAnswerSchema } from "@/lib/contract/alerts";
import { fetchJson } from "./fetch-json";

/** Rules, firings, deliveries and acknowledgements: refreshed every few seconds while the page is open (firings come from every replica). */
export const alertsQuery = queryOptions({
  queryKey: ["alerts"] as const,
  queryFn: () => fetchJson("/api/alerts", alertsAnswerSchema),
  refetchInterval: 3_000,
});
