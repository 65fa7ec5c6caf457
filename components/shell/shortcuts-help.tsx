"use client";

import { useEffect, useRef } from "react";

const SHORTCUTS: [string, string][] = [
  ["j / k", "move the selection down / up"],
  ["Enter", "open the selected item"],
  ["/", "focus search"],
  ["Esc", "leave a field, or go back from a detail page"],
  ["?", "show this list"],
];

/** `?` anywhere (outside a field) lists the keyboard shortcuts. */
export function ShortcutsHelp() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target;
      if (t instanceof HTMLElement && (t.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(t.tagName))) return;
      if (e.key === "?" && !dialog.current?.open) dialog.current?.showModal();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <dialog ref={dialog} aria-label="Keyboard shortcuts" className="m-auto rounded-lg border border-zinc-200 bg-white p-5 text-zinc-900 backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100">
      <h2 className="mb-3 font-semibold">Keyboard shortcuts</h2>
      <dl className="grid grid-cols-[6rem_1fr] gap-y-1 text-sm">
        {SHORTCUTS.map(([k, v]) => (
          <div key={k} className="contents">
            <dt><kbd className="rounded border px-1 font-mono text-xs">{k}</kbd></dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog" className="mt-4 text-right">
        <button className="rounded border px-3 py-1 text-sm">Close</button>
      </form>
    </dialog>
  );
}
