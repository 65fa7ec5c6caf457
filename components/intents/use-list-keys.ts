"use client";

import { useEffect, useRef } from "react";

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName));
}

/** j / k move the selection, Enter opens it, / focuses search. */
export function useListKeys(opts: {
  count: number;
  selected: number;
  setSelected: (i: number) => void;
  open: (i: number) => void;
  focusSearch: () => void;
}): void {
  const ref = useRef(opts);
  useEffect(() => {
    ref.current = opts;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      const o = ref.current;
      if (typing(e.target)) {
        if (e.key === "Escape" && e.target instanceof HTMLElement) e.target.blur();
        return;
      }
      if (e.key === "j") o.setSelected(Math.min(o.count - 1, o.selected + 1));
      else if (e.key === "k") o.setSelected(Math.max(0, o.selected - 1));
      else if (e.key === "Enter") o.open(o.selected);
      else if (e.key === "/") {
        e.preventDefault();
        o.focusSearch();
      } else return;
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
