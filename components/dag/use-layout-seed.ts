"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { useMemo } from "react";
import { unpackPositions } from "@/lib/graph/packed-positions";
import type { SessionLayout } from "@/lib/contract/sessions";
import type { LayoutSeed } from "./use-dag-layout";

/**
 * The server's layout as the places the first layout starts from: pending while it is on
 * its way; none when it failed or was not asked for (the worker lays the view out then).
 */
export function useLayoutSeed(query: UseQueryResult<SessionLayout> | null): LayoutSeed {
  const data = query?.data;
  const pending = query?.isPending ?? false;
  return useMemo(() => {
    if (data) return { positions: unpackPositions(data.ids, data.xy), ms: data.ms };
    return pending ? "pending" : null;
  }, [data, pending]);
}
