import { randomUUID } from "node:crypto";
import { z } from "zod";
import { expect, test } from "./support/test";

test.use({ role: "auditor" });

const viewList = z.object({ views: z.array(z.object({ id: z.string(), name: z.string(), path: z.string(), shared: z.boolean() })) });

test("a saved Audit view is in another person's navigation when shared, not when private", async ({ page, browser, stack, request }) => {
  // Two people, five page loads and four writes: more than one default budget on a busy machine.
  test.slow();
  const tag = randomUUID().slice(0, 8);
  const [shared, priv] = [`Denials ${tag}`, `Mine ${tag}`];
  await page.goto("/audit?q=decision%3Adeny&range=24h");
  const nav = page.getByRole("navigation", { name: "Saved views" });

  for (const [name, share] of [[shared, true], [priv, false]] as const) {
    await nav.getByRole("button", { name: "Save this view" }).click();
    const form = nav.getByRole("form", { name: "Save this view" });
    await form.getByRole("textbox", { name: "View name" }).fill(name);
    if (share) await form.getByRole("checkbox", { name: "Shared with everyone" }).check();
    await form.getByRole("button", { name: "Save" }).click();
    await expect(nav.getByRole("link", { name, exact: true })).toHaveAttribute("href", "/audit?q=decision%3Adeny&range=24h");
  }

  // Another person (a viewer) sees the shared one, not the private one, and may not delete it.
  const other = await browser.newContext({ baseURL: stack.baseUrl, storageState: stack.accounts.viewer.storageState });
  const theirs = await other.newPage();
  await theirs.goto("/health");
  const theirNav = theirs.getByRole("navigation", { name: "Saved views" });
  await expect(theirNav.getByRole("link", { name: shared, exact: true })).toHaveAttribute("href", "/audit?q=decision%3Adeny&range=24h");
  await expect(theirNav.getByRole("button", { name: `Delete saved view ${shared}` })).toHaveCount(0);
  await expect(theirNav.getByRole("link", { name: priv, exact: true })).toHaveCount(0);
  const seen = viewList.parse(await (await theirs.request.get("/api/views")).json()).views;
  expect(seen.some((v) => v.name === priv)).toBe(false);
  const sharedId = seen.find((v) => v.name === shared)?.id ?? "";
  const refused = await theirs.request.delete(`/api/views/${sharedId}`, { headers: { "content-type": "application/json" } });
  expect(refused.status()).toBe(403);
  await other.close();

  // The owner opens it from the navigation, and deletes both.
  await page.goto("/health");
  await nav.getByRole("link", { name: shared, exact: true }).click();
  await expect(page).toHaveURL(/\/audit\?q=decision%3Adeny&range=24h$/);
  for (const name of [shared, priv]) {
    await nav.getByRole("button", { name: `Delete saved view ${name}` }).click();
    await expect(nav.getByRole("link", { name, exact: true })).toHaveCount(0);
  }
  const left = viewList.parse(await (await request.get("/api/views")).json()).views;
  expect(left.some((v) => v.name === shared || v.name === priv)).toBe(false);
});

test("a view's address must be a page of this site, and saving goes through the mutating-route checks and the access log", async ({ request, browser, stack }) => {
  const post = (data: unknown, headers: Record<string, string> = {}) =>
    request.post("/api/views", { data: JSON.stringify(data), headers: { "content-type": "application/json", ...headers } });
  for (const path of ["https://evil.example/audit", "//evil.example", "/\\evil.example", "/api/audit?q=x"]) {
    const res = await post({ name: "x", path, shared: true });
    expect(res.status(), path).toBe(400);
    expect(await res.text()).toContain("path");
  }
  expect((await post({ name: "x", path: "/audit", ownerId: 1 })).status()).toBe(400);
  expect((await post({ name: "x", path: "/audit" }, { origin: "https://evil.example" })).status()).toBe(403);
  expect((await request.post("/api/views", { data: JSON.stringify({ name: "x", path: "/audit" }), headers: { "content-type": "text/plain" } })).status()).toBe(415);
  // Nothing of these was saved; the access log has the saves that were.
  const views = viewList.parse(await (await request.get("/api/views")).json()).views;
  expect(views.some((v) => v.path.includes("evil"))).toBe(false);
  const name = `logged ${randomUUID().slice(0, 8)}`;
  const made = await post({ name, path: "/sessions?state=failed" });
  expect(made.status()).toBe(201);
  const { view } = z.object({ view: z.object({ id: z.string() }) }).parse(await made.json());
  expect((await request.delete(`/api/views/${view.id}`, { headers: { "content-type": "application/json" } })).status()).toBe(204);
  // The access log (an admin's to read) has the save and the delete, under the auditor's name.
  const admin = await browser.newContext({ baseURL: stack.baseUrl, storageState: stack.accounts.admin.storageState });
  const log = z.object({ items: z.array(z.object({ action: z.string(), username: z.string().nullable(), target: z.string().nullable() })) });
  for (const action of ["view saved", "view deleted"]) {
    await expect
      .poll(async () => {
        const res = await admin.request.get(`/api/admin/access-log?${new URLSearchParams({ action, q: name })}`);
        return log.parse(await res.json()).items.filter((l) => l.target === name).map((l) => l.username);
      })
      .toEqual([stack.accounts.auditor.user]);
  }
  await admin.close();
});
