import { queryOptions } from "@tanstack/react-query";
import { parseAsStringLiteral } from "nuqs/server";
import { fetchJson } from "./fetch-json";
import { OVERVIEW_WINDOWS, overviewSchema, type OverviewWindow } from "@/lib/contract/overview";

/** The Overview's window in the URL (`?window=1h`); absent is the server's default (24h). */
export const overviewParsers = {
  window: parseAsStringLiteral(OVERVIEW_WINDOWS),
};

/** Health (ingest, capture) is read from NATS, not from the streams the page follows: polled. */
export const OVERVIEW_POLL_MS = 15_000;

export function overviewQuery(window: OverviewWindow | null) {
  return queryOptions({
    queryKey: ["overview", window] as const,
    queryFn: () => fetchJson(`/api/overview${window ? `?window=${window}` : ""}`, overviewSchema),
    refetchInterval: OVERVIEW_POLL_MS,
  });
}
