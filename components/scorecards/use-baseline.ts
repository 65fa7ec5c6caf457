"use client";

import { useSyncExternalStore } from "react";

const KEY = "pilot.scorecards.baseline";
const listeners = new Set<() => void>();

function subscribe(l: () => void): () => void {
  listeners.add(l);
  const onStorage = (e: StorageEvent) => e.key === KEY && l();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(l);
    window.removeEventListener("storage", onStorage);
  };
}

/** The pilot run pinned as the baseline for comparisons, remembered in this browser. */
export function useBaseline(): [string | null, (pilot: string | null) => void] {
  const pinned = useSyncExternalStore(subscribe, () => localStorage.getItem(KEY), () => null);
  const set = (pilot: string | null) => {
    if (pilot === null) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, pilot);
    for (const l of listeners) l();
  };
  return [pinned, set];
}
