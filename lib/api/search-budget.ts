import "server-only";
import { json } from "./respond";

/*
 * Full-text search runs in SQLite on the server's thread, the thread that also ingests
 * (better-sqlite3 is synchronous and exposes neither SQLite's progress handler nor
 * sqlite3_interrupt, so a running MATCH cannot be cut short). The term caps in
 * lib/api/fts-match.ts bound what one query costs; this bounds how much of the thread one person
 * takes with many: each person's full-text time is a debt that drains at SHARE of real
 * time, and past BURST_MS of debt their next full-text query is a 429 with Retry-After,
 * while everyone else's (and ingest) go on.
 */

/** Full-text time one person may take at once before being asked to wait. */
export const BURST_MS = 3000;
/** The share of the thread one person's full-text searches may take in the long run. */
export const SHARE = 0.25;
/** Past this many people tracked, those whose debt has drained are forgotten. */
const TRACKED = 10_000;

interface Debt {
  ms: number;
  at: number;
}

export class SearchBudget {
  readonly #debts = new Map<string, Debt>();
  readonly #burstMs: number;
  readonly #share: number;
  readonly #now: () => number;

  constructor(opts: { burstMs?: number; share?: number; now?: () => number } = {}) {
    this.#burstMs = opts.burstMs ?? BURST_MS;
    this.#share = opts.share ?? SHARE;
    this.#now = opts.now ?? performance.now.bind(performance);
  }

  /** The person's debt now, drained since it was last charged. */
  #debt(who: string, now: number): number {
    const d = this.#debts.get(who);
    return d ? Math.max(0, d.ms - (now - d.at) * this.#share) : 0;
  }

  /** Seconds until `who` may search in full text again; 0 when now. */
  waitSeconds(who: string): number {
    const over = this.#debt(who, this.#now()) - this.#burstMs;
    return over > 0 ? Math.ceil(over / this.#share / 1000) : 0;
  }

  /** Runs a full-text query for `who`, charging its time. */
  run<T>(who: string, fn: () => T): T {
    const began = this.#now();
    try {
      return fn();
    } finally {
      const now = this.#now();
      if (this.#debts.size >= TRACKED) {
        for (const [k, d] of this.#debts)
          if (d.ms - (now - d.at) * this.#share <= 0) this.#debts.delete(k);
      }
      this.#debts.set(who, { ms: this.#debt(who, began) + (now - began), at: now });
    }
  }
}

/** The process's budget, shared by every audit route. */
export const searchBudget = new SearchBudget();

/** Who is searching, for the budget: a signed-in user's name. */
export interface Searcher {
  who: string;
  budget?: SearchBudget;
}

/**
 * Runs `fn` (which answers a query) under the searcher's budget when the query searches
 * full text; a 429 that says when to try again when their budget is spent.
 */
export function underBudget(
  searcher: Searcher | undefined,
  fullText: boolean,
  fn: () => Response,
): Response {
  return withinBudget(searcher, fullText, fn);
}

/** `underBudget` for work that answers something other than a Response (an export's selection). */
export function withinBudget<T>(searcher: Searcher | undefined, fullText: boolean, fn: () => T): T | Response {
  if (!searcher || !fullText) return fn();
  const budget = searcher.budget ?? searchBudget;
  const wait = budget.waitSeconds(searcher.who);
  if (wait > 0) {
    const res = json(
      {
        error: `q: too many full-text searches in a short time; try again in ${wait} s, or narrow the query with field:value terms`,
        param: "q",
      },
      429,
    );
    res.headers.set("retry-after", String(wait));
    return res;
  }
  return budget.run(searcher.who, fn);
}
