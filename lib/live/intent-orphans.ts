/** A result or decision may come before its intent: this many wait for it. */
const MAX_ORPHANS = 5000;

/** Keeps `add` in `orphans` (newest last), without what is no longer waiting, bounded. */
export function keepOrphans<V>(orphans: Map<string, V>, add: ReadonlyMap<string, V>, adopted: readonly { id: string }[]): void {
  for (const row of adopted) orphans.delete(row.id);
  for (const [id, value] of add) {
    orphans.delete(id);
    orphans.set(id, value);
  }
  for (const id of orphans.keys()) {
    if (orphans.size <= MAX_ORPHANS) break;
    orphans.delete(id);
  }
}

/** The batch's own entries, plus waiting ones for the intents that arrive now. */
export function withAdopted<V>(own: Map<string, V>, orphans: ReadonlyMap<string, V>, fresh: readonly { id: string }[]): Map<string, V> {
  for (const row of fresh) {
    const waiting = orphans.get(row.id);
    if (waiting !== undefined && !own.has(row.id)) own.set(row.id, waiting);
  }
  return own;
}
