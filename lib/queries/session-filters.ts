import { parseAsString, parseAsStringLiteral } from "nuqs/server";

export const SESSION_STATES = ["running", "finished", "failed"] as const;
export const SESSION_SORTS = ["started", "activity"] as const;

/** The Sessions list's filters and sort as URL search params (nuqs): a permalink. */
export const sessionFilterParsers = {
  state: parseAsStringLiteral(SESSION_STATES),
  q: parseAsString,
  sort: parseAsStringLiteral(SESSION_SORTS),
};

export interface SessionFilters {
  state: (typeof SESSION_STATES)[number] | null;
  q: string | null;
  sort: (typeof SESSION_SORTS)[number] | null;
}

export function sessionFilterSearch(f: SessionFilters, cursor?: string | null): URLSearchParams {
  const s = new URLSearchParams();
  if (f.state) s.set("state", f.state);
  if (f.q && f.q.trim() !== "") s.set("q", f.q.trim());
  if (f.sort) s.set("sort", f.sort);
  if (cursor) s.set("cursor", cursor);
  return s;
}
