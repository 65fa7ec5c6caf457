import { createServer, type Server } from "node:http";
import { statSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, Browser, BrowserContext } from "@playwright/test";
import { z } from "zod";
import { postFrom } from "./support/from-address";
import { apiRoutes } from "./support/routes";
import { expect, test } from "./support/test";

/** Issue 18 rows 4, 5, 6, 7, 10, 11, 17: what an attacker could do to Pilot's requests and sign-in. */

/** A browser context with no session: in Playwright Test a new context would otherwise get the spec's admin cookie. */
const SIGNED_OUT = { cookies: [], origins: [] };
const stamp = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const PASSWORD = "the right password, long";

async function newAccount(request: APIRequestContext, prefix: string, role: "viewer" | "admin"): Promise<string> {
  const username = `${prefix}-${stamp()}`;
  const res = await request.post("/api/admin/users", { data: { username, role, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(201);
  return username;
}

/** A browser context signed in as `username` with a session of its own. */
async function signedIn(browser: Browser, baseUrl: string, username: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, storageState: SIGNED_OUT });
  const res = await context.request.post("/api/auth/signin", { data: { username, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return context;
}

const whoAmI = async (request: APIRequestContext) => {
  const res = await request.get("/api/auth/me");
  return res.ok() ? z.object({ username: z.string() }).parse(await res.json()).username : res.status();
};

test("the sign-in page's TAB redirect (next=%2F%09%2Fevil.example) lands on Pilot", async ({ browser, request, stack }) => {
  const user = await newAccount(request, "tab", "viewer");
  const context = await browser.newContext({ baseURL: stack.baseUrl, storageState: SIGNED_OUT });
  const page = await context.newPage();
  await page.goto("/signin?next=%2F%09%2Fevil.example");
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname !== "/signin");
  expect(new URL(page.url()).origin).toBe(new URL(stack.baseUrl).origin);
  await context.close();
});

test.describe("requests from another origin", () => {
  let evil: Server;
  let evilPort = 0;
  test.beforeAll(async () => {
    // The attacker's pages: on 127.0.0.1 (same site as Pilot, another origin) and on localhost (another site).
    evil = createServer((req, res) => {
      const target = new URL(req.url ?? "/", "http://x").searchParams.get("target") ?? "";
      const body = new URL(req.url ?? "/", "http://x").searchParams.get("body") ?? "";
      res.setHeader("content-type", "text/html");
      if (req.url?.startsWith("/form"))
        // A text/plain form posts `name=value`: this name and value make the body the JSON the attacker wants.
        res.end(`<form method="post" enctype="text/plain" action="${target}"><input name='${body.slice(0, -2)}' value='"}'></form><script>document.forms[0].submit()</script>`);
      else
        res.end(`<script>fetch(${JSON.stringify(target)}, { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: ${JSON.stringify(body)} }).finally(() => { document.title = "sent"; });</script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, resolve));
    const address = evil.address();
    evilPort = typeof address === "object" && address ? address.port : 0;
  });
  test.afterAll(() => new Promise<void>((resolve) => evil.close(() => resolve())));

  test("a same-site page's text/plain POSTs to an admin route, sign-out and sign-in are refused and change nothing", async ({ browser, request, stack }) => {
    const victim = await newAccount(request, "victim", "admin");
    const attacker = await newAccount(request, "attacker", "viewer");
    const context = await signedIn(browser, stack.baseUrl, victim);
    const page = await context.newPage();
    const statuses: number[] = [];
    page.on("response", (r) => {
      if (r.url().startsWith(`${stack.baseUrl}/api/`)) statuses.push(r.status());
    });
    const forged = `forged-${stamp()}`;
    const attacks = [
      { target: `${stack.baseUrl}/api/admin/users`, body: JSON.stringify({ username: forged, role: "admin", password: "attacker's password" }) },
      { target: `${stack.baseUrl}/api/auth/signout`, body: "{}" },
      { target: `${stack.baseUrl}/api/auth/signin`, body: JSON.stringify({ username: attacker, password: PASSWORD }) },
    ];
    for (const a of attacks) {
      await page.goto(`http://127.0.0.1:${evilPort}/fetch?${new URLSearchParams(a)}`);
      await expect(page).toHaveTitle("sent");
    }
    expect(statuses).toHaveLength(3);
    for (const s of statuses) expect([403, 415]).toContain(s);
    // Nothing changed: no forged admin, the victim still signed in as themself.
    const users = z.object({ users: z.array(z.object({ username: z.string() })) }).parse(await (await request.get("/api/admin/users")).json()).users;
    expect(users.map((u) => u.username)).not.toContain(forged);
    expect(await whoAmI(context.request)).toBe(victim);
    await context.close();
  });

  test("another site's text/plain form cannot sign the victim in as the attacker (login CSRF)", async ({ browser, request, stack }) => {
    const victim = await newAccount(request, "victim", "viewer");
    const attacker = await newAccount(request, "attacker", "viewer");
    const context = await signedIn(browser, stack.baseUrl, victim);
    const page = await context.newPage();
    const answer = page.waitForResponse((r) => r.url() === `${stack.baseUrl}/api/auth/signin`);
    const body = JSON.stringify({ username: attacker, password: PASSWORD, x: "" });
    // The page submits itself at once: wait only for it to start loading.
    await page.goto(`http://localhost:${evilPort}/form?${new URLSearchParams({ target: `${stack.baseUrl}/api/auth/signin`, body })}`, { waitUntil: "commit" });
    expect([403, 415]).toContain((await answer).status());
    expect(await whoAmI(context.request)).toBe(victim);
    await context.close();
  });

  test("every state-changing route refuses a cross-site or non-JSON request before anything else", async ({ browser, request, stack }) => {
    const context = await signedIn(browser, stack.baseUrl, await newAccount(request, "routes", "admin"));
    const mutating = apiRoutes().flatMap(({ url, methods }) => methods.filter((m) => m !== "GET").map((method) => ({ url, method })));
    expect(mutating.length).toBeGreaterThanOrEqual(4);
    for (const { url, method } of mutating) {
      const send = (headers: Record<string, string>) => context.request.fetch(url, { method, headers, data: "{}", maxRedirects: 0 });
      expect((await send({ "content-type": "text/plain", origin: "http://evil.example", "sec-fetch-site": "cross-site" })).status(), `${method} ${url}`).toBe(403);
      expect((await send({ "content-type": "application/json", origin: `http://127.0.0.1:${evilPort}`, "sec-fetch-site": "same-site" })).status(), `${method} ${url}`).toBe(403);
      expect((await send({ "content-type": "text/plain" })).status(), `${method} ${url}`).toBe(415);
    }
    await context.close();
  });
});

test("the admin signs in from their own machine during a password-guessing run against their account", async ({ page, request, stack }) => {
  const admin = await newAccount(request, "admin", "admin");
  // Three other machines guess, well past every limit.
  const guesses = await Promise.all(
    ["127.0.0.2", "127.0.0.3", "127.0.0.4"].map(async (from) => {
      const out: number[] = [];
      for (let i = 0; i < 8; i++) out.push((await postFrom(stack.baseUrl, "/api/auth/signin", { username: admin, password: `guess ${i}` }, from)).status);
      return out;
    }),
  );
  for (const g of guesses) expect(g.at(-1)).toBe(429);
  expect((await postFrom(stack.baseUrl, "/api/auth/signin", { username: admin, password: PASSWORD }, "127.0.0.2")).status).toBe(429);
  await page.context().clearCookies();
  await page.goto("/signin");
  await page.getByLabel("User name").fill(admin);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(`${admin} · admin`)).toBeVisible();
});

test("sixteen sign-ins at once with user names nobody has: at most four are checked, the rest refused at once", async ({ stack }) => {
  const answers = await Promise.all(
    Array.from({ length: 16 }, (_, i) => postFrom(stack.baseUrl, "/api/auth/signin", { username: `nobody-${stamp()}-${i}`, password: "guess" }, "127.0.0.6")),
  );
  const checked = answers.filter((a) => a.status === 401);
  const busy = answers.filter((a) => a.status === 503);
  expect(checked.length + busy.length).toBe(16);
  // PILOT_AUTH_HASH_CONCURRENCY=2: two hashes run, two wait; the others never start one.
  expect(checked.length).toBeLessThanOrEqual(4);
  for (const b of busy) expect(b.retryAfter).toBe("1");
  const firstChecked = Math.min(...checked.map((a) => a.ms));
  for (const b of busy) expect(b.ms).toBeLessThan(firstChecked);
});

test("a flood of failed sign-ins adds a bounded number of access-log lines", async ({ request, stack }) => {
  const target = await newAccount(request, "flood", "viewer");
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++) statuses.push((await postFrom(stack.baseUrl, "/api/auth/signin", { username: target, password: `guess ${i}` }, "127.0.0.7")).status);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(30);
  const log = z.object({ items: z.array(z.object({ action: z.string(), detail: z.string().nullable() })) });
  const lines = log.parse(await (await request.get(`/api/admin/access-log?user=${target}&action=${encodeURIComponent("sign-in failed")}`)).json()).items;
  expect(lines.length).toBeGreaterThanOrEqual(1);
  expect(lines.length).toBeLessThanOrEqual(2);
});

test("a password change ends the user's other sessions, and a new sign-in ends the old token", async ({ browser, request, stack }) => {
  const user = await newAccount(request, "pw", "admin");
  const [here, elsewhere] = [await signedIn(browser, stack.baseUrl, user), await signedIn(browser, stack.baseUrl, user)];
  const users = z.object({ users: z.array(z.object({ id: z.number(), username: z.string() })) }).parse(await (await here.request.get("/api/admin/users")).json()).users;
  const id = users.find((u) => u.username === user)?.id;
  const changed = await here.request.patch(`/api/admin/users/${id}`, { data: { password: "a new password, long enough" } });
  expect(changed.status()).toBe(200);
  expect(await whoAmI(here.request)).toBe(user);
  expect(await whoAmI(elsewhere.request)).toBe(401);

  const old = (await here.cookies()).find((c) => c.name === "pilot_session")?.value ?? "";
  expect((await here.request.post("/api/auth/signin", { data: { username: user, password: "a new password, long enough" } })).status()).toBe(200);
  const fresh = (await here.cookies()).find((c) => c.name === "pilot_session")?.value ?? "";
  expect(fresh).not.toBe(old);
  const replay = await browser.newContext({ baseURL: stack.baseUrl, storageState: SIGNED_OUT });
  await replay.addCookies([{ name: "pilot_session", value: old, url: stack.baseUrl }]);
  expect(await whoAmI(replay.request)).toBe(401);
  await Promise.all([here.close(), elsewhere.close(), replay.close()]);
});

test("the accounts database is 600 and the data directory 700", ({ stack }) => {
  const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
  expect(mode(stack.dataDir)).toBe("700");
  expect(mode(path.join(stack.dataDir, "auth.sqlite"))).toBe("600");
});
