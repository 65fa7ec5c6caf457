import { expect, test } from "./support/test";

// Issue 18 row 9: ~160 one-letter prefix terms ran synchronously on the thread that also
// ingests, with no cap. Now the query is refused before the index is touched, with a
// reason a person can act on, over the API and on the page.
const LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
const PREFIXES_160 = Array.from({ length: 160 }, (_, i) => `${LETTERS[i % LETTERS.length]}*`).join(" ");

test("a search of 160 one-letter prefixes is refused with a reason, over the API and on the audit page", async ({ page, request }) => {
  for (const path of ["/api/audit", "/api/audit/histogram", "/api/intents"]) {
    const res = await request.get(`${path}?${new URLSearchParams({ q: PREFIXES_160 }).toString()}`);
    expect(res.status(), path).toBe(400);
    expect(await res.text(), path).toContain("at most 16 words or phrases");
  }
  // A short prefix alone is refused too: one letter and a star matches most of the index.
  const short = await request.get(`/api/audit?${new URLSearchParams({ q: "a*" }).toString()}`);
  expect(short.status()).toBe(400);
  expect(await short.text()).toContain("at least 3 letters or digits");

  await page.goto(`/audit?${new URLSearchParams({ q: PREFIXES_160 }).toString()}`);
  await expect(page.getByRole("alert").filter({ hasText: "at most 16 words or phrases" })).toBeVisible();
  // The server still answers everyone else at once.
  expect((await request.get("/api/audit?q=decision%3Adeny")).status()).toBe(200);
});
