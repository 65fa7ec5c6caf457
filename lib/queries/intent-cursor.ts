/**
 * The Intents list's page cursor as the API issues it (lib/store/page-cursor.ts): base64url
 * JSON of the last row's sort key, [created_ms, id]. The browser makes one when it drops
 * the oldest live rows, so that scrolling down fetches them again from where the kept rows end.
 */
export function intentCursorAfter(row: { createdMs: number; id: string }): string {
  const bytes = new TextEncoder().encode(JSON.stringify([row.createdMs, row.id]));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Whether `a` comes before `b` in the list's order (newest first: created_ms, then id, descending). */
export function listsBefore(a: { createdMs: number; id: string }, b: { createdMs: number; id: string }): boolean {
  return a.createdMs !== b.createdMs ? a.createdMs > b.createdMs : a.id > b.id;
}
