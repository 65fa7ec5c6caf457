/**
 * Keyset pagination cursors: the sort key of the last item of a page, base64url JSON. The
 * API issues them (lib/api/page-cursor.ts decodes and checks them); the browser makes one
 * for the Intents list when it drops its oldest live rows, so that scrolling down fetches
 * them again from where the kept rows end. One encoding for both, without Buffer.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
