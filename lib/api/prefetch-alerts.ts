import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import type { User } from "@/lib/auth/account-records";
import { getAlerts } from "@/lib/alerts/server-alerts";
import { alertsQuery } from "@/lib/queries/alerts";
import { alertsAnswer } from "./alerts";

/** Server prefetch under the client's query key, from the alert store directly (no HTTP hop). A store that cannot be reached leaves the client to ask (and say so). */
export async function prefetchAlerts(queryClient: QueryClient, user: User): Promise<void> {
  await queryClient.prefetchQuery({
    ...alertsQuery,
    queryFn: async () => {
      const engine = await getAlerts();
      // The copy this replica holds is not served as current while the store is away: the client's own request gets the 503 that says so.
      if (!engine.store.link.isUp) throw new Error("the alert store is unreachable");
      return alertsAnswer(engine, user);
    },
  });
}
