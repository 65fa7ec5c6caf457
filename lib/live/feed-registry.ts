import type { FeedHealth } from "./follow-health";

/** What the tab's followers add up to, for the live indicator. */
export type FeedsSummary = FeedHealth;

const CURRENT: FeedsSummary = { state: "current" };

/**
 * The health of every follower in the tab (a view may follow several streams, and several
 * views may be open). An external store for `useSyncExternalStore`: the summary object
 * changes only when what it says changes.
 */
export class FeedRegistry {
  private feeds = new Map<number, FeedHealth>();
  private next = 0;
  private listeners = new Set<() => void>();
  private current: FeedsSummary = CURRENT;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  summary = (): FeedsSummary => this.current;

  /** A follower's slot: it reports its health there until it is removed. */
  add(): { report: (health: FeedHealth) => void; remove: () => void } {
    const id = this.next++;
    this.feeds.set(id, CURRENT);
    return {
      report: (health) => {
        if (!this.feeds.has(id)) return;
        this.feeds.set(id, health);
        this.update();
      },
      remove: () => {
        this.feeds.delete(id);
        this.update();
      },
    };
  }

  private update(): void {
    const next = summarize([...this.feeds.values()]);
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    for (const l of this.listeners) l();
  }
}

/** Behind anywhere wins (counts add up, the earliest since); then unreachable; else current. */
export function summarize(feeds: readonly FeedHealth[]): FeedsSummary {
  let behind: Extract<FeedHealth, { state: "behind" }> | null = null;
  let unreachable: Extract<FeedHealth, { state: "unreachable" }> | null = null;
  for (const f of feeds) {
    if (f.state === "behind")
      behind = behind
        ? {
            state: "behind",
            messages: behind.messages + f.messages,
            exact: behind.exact && f.exact,
            since: Math.min(behind.since, f.since),
          }
        : f;
    else if (f.state === "unreachable" && (!unreachable || f.since < unreachable.since))
      unreachable = f;
  }
  return behind ?? unreachable ?? CURRENT;
}
