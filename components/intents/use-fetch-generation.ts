"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Counts completed snapshot fetches (not next-page loads, not cache patches): the live
 * followers restart from each new snapshot's sequences.
 */
export function useFetchGeneration(refetching: boolean): number {
  const [generation, setGeneration] = useState(0);
  const was = useRef(refetching);
  useEffect(() => {
    if (was.current && !refetching) setGeneration((g) => g + 1);
    was.current = refetching;
  }, [refetching]);
  return generation;
}
