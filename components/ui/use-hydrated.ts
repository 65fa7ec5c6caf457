"use client";

import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False on the server and while hydrating, true after: what only the browser knows can be
 * rendered without the server's HTML and the browser's first render disagreeing.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(never, () => true, () => false);
}
