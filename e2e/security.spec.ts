import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { apiRoutes, pageRoutes } from "./support/routes";
import { expect, test } from "./support/test";

/** Routes anyone may call: the liveness probe, and the sign-in and sign-out themselves. */
const PUBLIC_API = new Set(["/api/health/live", "/api/auth/signin", "/api/auth/signout", "/api/auth/oidc/start", "/api/auth/oidc/callback"]);

test.describe("signed out", () => {
  test.use({ role: "none" });

  test("every API route answers 401 and every page redirects to sign-in", async ({ page, request, stack }) => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(25);
    for (const { url, methods } of routes) {
      if (PUBLIC_API.has(url)) continue;
      for (const method of methods) {
        const res = await request.fetch(url, { method, data: method === "GET" ? undefined : {}, maxRedirects: 0 });
        expect(res.status(), `${method} ${url}`).toBe(401);
      }
    }
    expect((await request.get("/api/health/live")).status()).toBe(200);
    const pages = pageRoutes().filter((p) => p !== "/signin");
    expect(pages.length).toBeGreaterThan(15);
    for (const p of pages) {
      const res = await request.get(p, { maxRedirects: 0 });
      expect(res.status(), p).toBe(307);
      const to = new URL(res.headers().location ?? "", stack.baseUrl);
      expect(`${to.pathname}${to.search}`, p).toBe(`/signin?next=${encodeURIComponent(p)}`);
    }
    await page.goto("/sessions?state=running");
    await expect(page).toHaveURL(/\/signin\?next=%2Fsessions%3Fstate%3Drunning$/);
  });

  test("sign-in, sign-out, and the lockout after repeated failures", async ({ page, browser, stack }) => {
    // A throwaway account, so that locking it disturbs no other spec.
    const admin = await browser.newContext({ storageState: stack.accounts.admin.storageState, baseURL: stack.baseUrl });
    const created = await admin.request.post("/api/admin/users", { data: { username: `lock-${Date.now()}`, role: "viewer", password: "the right password" } });
    expect(created.status()).toBe(201);
    const user = z.object({ user: z.object({ username: z.string() }) }).parse(await created.json()).user.username;

    await page.goto("/scorecards");
    await page.getByLabel("User name").fill(user);
    await page.getByLabel("Password").fill("the right password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/scorecards$/);
    await expect(page.getByText(`${user} · viewer`)).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin$/);
    await page.goto("/scorecards");
    await expect(page).toHaveURL(/\/signin/);

    const attempt = async (password: string) => {
      await page.getByLabel("User name").fill(user);
      await page.getByLabel("Password").fill(password);
      const answer = page.waitForResponse((r) => r.url().endsWith("/api/auth/signin"));
      await page.getByRole("button", { name: "Sign in" }).click();
      return (await answer).status();
    };
    for (let i = 0; i < 5; i++) {
      expect(await attempt(`wrong ${i}`)).toBe(401);
      await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Wrong user name or password.");
    }
    expect(await attempt("the right password")).toBe(429);
    // The fifth failure from this address makes the next attempt on this account wait a minute (doubling after).
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Too many failed attempts: try again in 1 minute.");
    await admin.close();
  });
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });

  test("gets 403 on the audit trail and admin routes, and no raw quarantine payload", async ({ page, request }) => {
    expect((await request.get("/api/audit")).status()).toBe(403);
    for (const route of ["/api/audit/histogram", "/api/audit/groups", "/api/audit/export?format=csv", "/api/audit/export?format=jsonl"])
      expect((await request.get(route)).status(), route).toBe(403);
    expect((await request.get("/api/admin/users")).status()).toBe(403);
    expect((await request.get("/api/admin/access-log?format=csv")).status()).toBe(403);
    const q = z.object({ items: z.array(z.object({ raw: z.string(), rawRedacted: z.boolean().optional() })) }).parse(await (await request.get("/api/quarantine")).json());
    for (const item of q.items) expect([item.raw, item.rawRedacted]).toEqual(["", true]);
    await page.goto("/audit");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await page.goto("/intents");
    await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  });
});

test("pages carry a nonce-based CSP without inline scripts, and the other security headers", async ({ request }) => {
  const res = await request.get("/intents");
  const h = res.headers();
  const csp = h["content-security-policy"] ?? "";
  const script = /script-src ([^;]+)/.exec(csp)?.[1] ?? "";
  expect(script).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(script).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["permissions-policy"]).toContain("camera=()");
  // Every script tag of the page carries the nonce.
  const nonce = /'nonce-([^']+)'/.exec(script)?.[1];
  const html = await res.text();
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(tags.length).toBeGreaterThan(0);
  for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
});

test("no secret is in the client bundle", async ({ stack }) => {
  const root = path.join(process.cwd(), ".next", "static");
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(root);
  expect(files.length).toBeGreaterThan(10);
  expect(stack.secrets.length).toBeGreaterThanOrEqual(6);
  for (const f of files) {
    const text = readFileSync(f, "latin1");
    for (const secret of stack.secrets) expect(text.includes(secret), `${secret.slice(0, 3)}… in ${path.relative(root, f)}`).toBe(false);
  }
});

test("the access log records sign-ins, intent views, audit queries and exports", async ({ page, request, stack }) => {
  await page.goto("/intents/01890000-0000-7000-8000-00000000abcd");
  await request.get("/api/audit?decision=deny");
  await request.get("/api/scorecards/export?format=csv");
  const log = z.object({ items: z.array(z.object({ username: z.string().nullable(), action: z.string(), target: z.string().nullable(), detail: z.string().nullable() })) });
  const lines = log.parse(await (await request.get(`/api/admin/access-log?user=${stack.accounts.admin.user}&limit=500`)).json()).items;
  const actions = new Set(lines.map((l) => l.action));
  for (const a of ["sign-in", "view intent", "audit query", "export scorecard"]) expect(actions, a).toContain(a);
  expect(lines.find((l) => l.action === "view intent")?.target).toBe("01890000-0000-7000-8000-00000000abcd");
  expect(lines.find((l) => l.action === "audit query")?.detail).toContain('"decision":"deny"');
  expect(lines.find((l) => l.action === "export scorecard")?.detail).toMatch(/"rows":\d+/);
  await page.goto("/admin/access-log?action=sign-in");
  await expect(page.getByRole("status", { name: "Matching lines" })).toHaveText(/^[1-9]\d* matching lines$/);
});
