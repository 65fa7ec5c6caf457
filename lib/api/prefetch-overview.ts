import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import type { Role } from "@/lib/auth/roles";
import { overviewSchema, type OverviewWindow } from "@/lib/contract/overview";
import { getStore } from "@/lib/store/server-store";
import { overviewQuery } from "@/lib/queries/overview";
import { readHealth } from "./health";
import { handleOverview } from "./overview";

/** Server prefetch under the client's key, through the route's own handler. */
export async function prefetchOverview(queryClient: QueryClient, window: OverviewWindow | null, role: Role): Promise<void> {
  await queryClient.prefetchQuery({
    ...overviewQuery(window),
    queryFn: async () => {
      const url = new URL(`http://pilot.internal/api/overview${window ? `?window=${window}` : ""}`);
      const res = await handleOverview(getStore(), url, role, readHealth);
      if (!res.ok) throw new Error(`${res.status}`);
      return overviewSchema.parse(await res.json());
    },
  });
}
