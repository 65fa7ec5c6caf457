"use client";

import { useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import { useEffect, useState, type RefObject } from "react";

/** Rows the virtualizer itself sees; the rest of the list is padding before and after. */
export const ROW_WINDOW = 2000;
/** The window moves when the rows on screen come this close to one of its ends. */
const WINDOW_EDGE = 400;

export interface RowWindow {
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  /** The list index of the window's first row: virtual item i is row `first + i`. */
  first: number;
  /** Scrolls just enough for row `index` of the list to be on screen. */
  scrollToRow(index: number): void;
}

/** The window over `total` rows that starts as near `wanted` as the list allows. */
export function rowWindow(total: number, wanted: number): { first: number; count: number } {
  const first = Math.max(0, Math.min(wanted, total - ROW_WINDOW));
  return { first, count: Math.min(ROW_WINDOW, total - first) };
}

/** Where the window should start for rows top..bottom to be well inside it; null: it is fine. */
export function recentredStart(top: number, bottom: number, win: { first: number; count: number }, total: number): number | null {
  const nearStart = win.first > 0 && top < win.first + WINDOW_EDGE;
  const nearEnd = win.first + win.count < total && bottom > win.first + win.count - WINDOW_EDGE;
  return nearStart || nearEnd ? Math.max(0, top - ROW_WINDOW / 2) : null;
}

/**
 * TanStack Virtual over a window of the list rather than all of it. The virtualizer
 * measures every item again whenever its count changes, and while live the count changes
 * every frame: over 100k rows that is milliseconds a frame. Here it sees at most
 * ROW_WINDOW rows, the rest of the list being padding before and after them, so a frame
 * costs the same at 100k rows as at 2k. The window follows the scroll position.
 */
export function useRowWindow(total: number, rowHeight: number, scrollRef: RefObject<HTMLDivElement | null>): RowWindow {
  const [wanted, setWanted] = useState(0);
  const { first, count } = rowWindow(total, wanted);
  // The virtualizer is an imperative object by design; nothing here memoizes its functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 6,
    paddingStart: first * rowHeight,
    paddingEnd: (total - first - count) * rowHeight,
  });

  const offset = virtualizer.scrollOffset ?? 0;
  const height = virtualizer.scrollRect?.height ?? 0;
  useEffect(() => {
    const start = recentredStart(Math.floor(offset / rowHeight), Math.ceil((offset + height) / rowHeight), { first, count }, total);
    if (start !== null) setWanted(start);
  }, [offset, height, first, count, total, rowHeight]);

  const scrollToRow = (index: number) => {
    const top = index * rowHeight;
    if (top < offset) virtualizer.scrollToOffset(top);
    else if (top + rowHeight > offset + height) virtualizer.scrollToOffset(top + rowHeight - height);
  };
  return { virtualizer, first, scrollToRow };
}
