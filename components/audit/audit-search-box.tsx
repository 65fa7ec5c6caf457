"use client";

import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { completeAuditQuery, type Completion } from "@/lib/audit-search/complete";
import { parseAuditQuery } from "@/lib/audit-search/parse";

const field = "rounded-md border bg-white px-2 py-1 text-sm dark:bg-zinc-900";

/**
 * The audit query box: a combobox (ARIA 1.2 pattern: the input owns a listbox of
 * completions, the active one named by aria-activedescendant). The query is parsed as it
 * is typed; a malformed one shows the parser's message under the box at once.
 * `serverError` is a refusal from the API for a query the client parser accepted.
 */
export function AuditSearchBox(props: {
  value: string;
  onChange: (text: string) => void;
  onCommit: (text: string) => void;
  known: Partial<Record<string, readonly string[]>>;
  serverError: string | null;
}) {
  const { value, onChange, onCommit } = props;
  const ids = useId();
  const listId = `${ids}-completions`;
  const errorId = `${ids}-error`;
  const input = useRef<HTMLInputElement>(null);
  const [cursor, setCursor] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  const parsed = useMemo(() => parseAuditQuery(value), [value]);
  const completion = useMemo(() => completeAuditQuery(value, cursor, props.known), [value, cursor, props.known]);
  const items = completion.items;
  const shown = open && items.length > 0;
  const error = !parsed.ok ? parsed.error.message : props.serverError;

  const apply = (c: Completion) => {
    const before = value.slice(0, completion.from);
    const after = value.slice(cursor);
    // A field name waits for its value; a value completes a term.
    const finished = !c.insert.endsWith(":");
    const inserted = finished ? `${c.insert}${after.startsWith(" ") ? "" : " "}` : c.insert;
    const next = `${before}${inserted}${after}`;
    const at = before.length + inserted.length;
    onChange(next);
    setCursor(at);
    setActive(-1);
    setOpen(!finished);
    if (finished) onCommit(next);
    requestAnimationFrame(() => input.current?.setSelectionRange(at, at));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (items.length === 0) return;
      e.preventDefault();
      setOpen(true);
      const n = items.length;
      // Wraps around; opening the list with a key starts at its first (or last) option.
      setActive((a) => (!shown ? (e.key === "ArrowDown" ? 0 : n - 1) : e.key === "ArrowDown" ? (a + 1) % n : a <= 0 ? n - 1 : a - 1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const chosen = shown && active >= 0 ? items[active] : undefined;
      if (chosen) apply(chosen);
      else {
        setOpen(false);
        onCommit(value);
      }
    } else if (e.key === "Escape") {
      if (shown) {
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
        setActive(-1);
      }
    } else if (e.key === "Tab" && shown && active >= 0) {
      const chosen = items[active];
      if (chosen) {
        e.preventDefault();
        apply(chosen);
      }
    }
  };

  const activeId = shown && active >= 0 ? `${ids}-option-${active}` : undefined;
  return (
    <div className="relative flex min-w-0 flex-1 flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
      <label htmlFor={`${ids}-input`}>Query</label>
      <input
        ref={input}
        id={`${ids}-input`}
        type="text"
        role="combobox"
        aria-label="Audit query"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? errorId : `${ids}-hint`}
        autoComplete="off"
        spellCheck={false}
        placeholder='decision:deny rule:path_allowlist "outside allowed"'
        className={`${field} font-mono ${error !== null ? "border-red-500" : "border-zinc-300 dark:border-zinc-700"}`}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setCursor(e.target.selectionStart ?? e.target.value.length);
          setActive(-1);
          setOpen(true);
        }}
        onSelect={(e) => setCursor(e.currentTarget.selectionStart ?? value.length)}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Completions"
        hidden={!shown}
        className="absolute left-0 top-full z-20 mt-1 max-h-72 w-full max-w-lg overflow-auto rounded-md border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
      >
        {shown
          ? items.map((c, i) => (
              <li
                key={c.insert}
                id={`${ids}-option-${i}`}
                role="option"
                aria-selected={i === active}
                // Keeps the input focused: a click must not blur (and so close) the list first.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => apply(c)}
                className={`flex cursor-pointer justify-between gap-3 px-3 py-1 ${i === active ? "bg-sky-100 dark:bg-sky-900" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
              >
                <span className="font-mono">{c.label}</span>
                <span className="truncate text-xs text-zinc-500">{c.detail}</span>
              </li>
            ))
          : null}
      </ul>
      {error !== null ? (
        <p id={errorId} role="alert" className="text-sm text-red-700 dark:text-red-300">
          <span aria-hidden>⚠ </span>
          {error}
        </p>
      ) : (
        <p id={`${ids}-hint`} className="text-xs text-zinc-500">
          field:value terms (executor, status, decision, rule, capability, domain, sandbox, signer, intent), words, &quot;phrases&quot;. ↓ completes.
        </p>
      )}
    </div>
  );
}
