"use client";

import { startTransition, useEffect, useState, useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False on the server and while hydrating, true after: what only the browser knows can be
 * rendered without the server's HTML and the browser's first render disagreeing.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(never, () => true, () => false);
}

/**
 * useHydrated for a heavy first render (a graph of thousands of nodes): the switch is a
 * transition, which React renders in slices, yielding to the browser every few
 * milliseconds; useHydrated's switch re-renders synchronously, in one long task.
 */
export function useHydratedInSlices(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => startTransition(() => setHydrated(true)), []);
  return hydrated;
}
