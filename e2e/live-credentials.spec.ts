import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import type { Page } from "@playwright/test";
import { z } from "zod";
import { freePort } from "../lib/testing/nats/free-port";
import { generatePassword } from "../lib/auth/passwords";
import { killGroup, startApp, waitForHttp } from "./support/app-process";
import { connectTab, openTab, requestCredential, sessionCookie } from "./support/browser-nats";
import { keys, makeIntent, publish } from "./support/intents";
import { connectAs } from "./support/nats-clients";
import { expect, test } from "./support/test";

// A second instance of the app on the same NATS whose browser credentials last TTL_S
// seconds (PILOT_LIVE_CREDENTIAL_TTL_SECONDS): long enough to connect, short enough to see
// them expire. Its own data (accounts, index, ingest consumers).
const TTL_S = 4;

test.describe.configure({ mode: "serial" });

let app: ChildProcess | null = null;
let base = "";
let dir = "";
let admin = "";

test.beforeAll(async ({ stack }) => {
  test.setTimeout(120_000);
  dir = mkdtempSync(path.join(tmpdir(), "pilot-ttl-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const dropped = new Set(["PILOT_OIDC_ISSUER", "PILOT_OIDC_CLIENT_ID", "PILOT_OIDC_CLIENT_SECRET", "PILOT_INDEX_PATH", "PILOT_AUTH_DB_PATH", "PILOT_PUBLIC_URL"]);
  const env: Record<string, string> = {
    ...Object.fromEntries(Object.entries(stack.appEnv).filter(([k]) => !dropped.has(k))),
    PILOT_DATA_DIR: dir,
    PILOT_INGEST_CONSUMER: "pilot-ttl",
    // Its own accounts store on the shared NATS (the main app's is PILOT_AUTH).
    PILOT_AUTH_STORE: "PILOT_AUTH_TTL",
    PILOT_LIVE_CREDENTIAL_TTL_SECONDS: String(TTL_S),
  };
  app = startApp(port, { ...process.env, ...env }, path.join(dir, "app.log"));
  await waitForHttp(`${base}/api/health/live`, 60_000, app);
  admin = await sessionCookie(base, { user: env.PILOT_ADMIN_USER ?? "", pass: env.PILOT_ADMIN_PASSWORD ?? "" });
});

test.afterAll(() => {
  if (app) killGroup(app);
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh viewer account of the second app, signed in. */
async function newViewer(): Promise<{ id: number; user: string; pass: string; cookie: string }> {
  const user = `ttl-${Date.now()}-${Math.floor(Math.random() * 1000)}`;
  const pass = generatePassword();
  const res = await fetch(`${base}/api/admin/users`, {
    method: "POST",
    headers: { cookie: admin, origin: base, "content-type": "application/json" },
    body: JSON.stringify({ username: user, role: "viewer", password: pass }),
  });
  expect(res.status).toBe(201);
  const { id } = z.object({ user: z.object({ id: z.number() }) }).parse(await res.json()).user;
  return { id, user, pass, cookie: await sessionCookie(base, { user, pass }) };
}

/** Resolves when the server closes the connection, with what it said. */
function closedBy(nc: Awaited<ReturnType<typeof connectTab>>): Promise<string> {
  return (async () => {
    const said: string[] = [];
    for await (const s of nc.status()) if (s.type === "error") said.push(s.error.message);
    await nc.closed();
    return said.join("\n");
  })();
}

for (const how of ["disabled by an admin", "signed out"] as const) {
  test(`a person ${how} gets no new NATS credential, and the one their tab holds stops working when it expires`, async () => {
    const viewer = await newViewer();
    const tab = await openTab(base, viewer.cookie);
    if (tab.creds.auth.kind !== "jwt") throw new Error("expected a JWT credential");
    expect(tab.creds.auth.expiresAt - Date.now()).toBeLessThanOrEqual(TTL_S * 1000 + 1000);
    const nc = await connectTab(tab);
    const closed = closedBy(nc);
    const connectedAt = Date.now();

    if (how === "disabled by an admin") {
      const res = await fetch(`${base}/api/admin/users/${viewer.id}`, {
        method: "PATCH",
        headers: { cookie: admin, origin: base, "content-type": "application/json" },
        body: JSON.stringify({ disabled: true }),
      });
      expect(res.status).toBe(200);
    } else {
      const res = await fetch(`${base}/api/auth/signout`, { method: "POST", headers: { cookie: viewer.cookie, origin: base, "content-type": "application/json" }, body: "{}", redirect: "manual" });
      expect(res.status).toBe(303);
    }
    // No renewal for the same tab key...
    expect((await requestCredential(base, viewer.cookie, tab.key)).status).toBe(401);
    // ...and nats-server ends the connection when the credential it holds expires.
    expect(await closed).toMatch(/authentication expired/i);
    expect(Date.now() - connectedAt).toBeLessThan((TTL_S + 3) * 1000);
    // Connecting again with what the tab still holds is refused (once past the second its
    // expiry names: within that second nats-server still lets it in, and then closes it).
    const expiresAt = tab.creds.auth.expiresAt;
    await expect.poll(() => Date.now(), { timeout: 3000 }).toBeGreaterThan(expiresAt + 1000);
    await expect(connectTab(tab)).rejects.toThrow(/authorization violation|authentication expired/i);
  });
}

test("a signed-in tab renews its credential before it expires and connects again with the new one", async () => {
  const viewer = await newViewer();
  const tab = await openTab(base, viewer.cookie);
  if (tab.creds.auth.kind !== "jwt") throw new Error("expected a JWT credential");
  const firstExpires = tab.creds.auth.expiresAt;
  const closed = closedBy(await connectTab(tab));
  // Late in the first one's life, as the page does (halfway), so the new one outlives it.
  await expect.poll(() => Date.now(), { timeout: TTL_S * 1000 }).toBeGreaterThan(firstExpires - 1500);
  const renewed = await requestCredential(base, viewer.cookie, tab.key);
  expect(renewed.status).toBe(200);
  const next = z.object({ auth: z.object({ jwt: z.string(), expiresAt: z.number() }), consumerPrefix: z.string() }).parse(await renewed.json());
  // The same tab keeps its names (its consumers and inbox survive a renewal).
  expect(next.consumerPrefix).toBe(tab.creds.consumerPrefix);
  expect(next.auth.expiresAt).toBeGreaterThan(firstExpires);
  expect(await closed).toMatch(/authentication expired/i);
  const again = await connectTab(tab, next.auth.jwt);
  expect(again.isClosed()).toBe(false);
  await again.close();
});

test.describe("in the browser", () => {
  const rowOf = (page: Page, id: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name: `Intent ${id}` }) });

  test("a viewer's live Intents page keeps updating across its credential's expiries", async ({ browser, stack }) => {
    test.setTimeout(90_000);
    const viewer = await newViewer();
    const context = await browser.newContext({ baseURL: base });
    const [name, value] = viewer.cookie.split("=");
    await context.addCookies([{ name: name ?? "", value: value ?? "", url: base }]);
    const page = await context.newPage();
    const renewals: number[] = [];
    page.on("response", (r) => {
      if (r.url().includes("/api/live/credentials") && r.status() === 200) renewals.push(Date.now());
    });
    const domain = `ttl-${Date.now()}`;
    await page.goto(`/intents?domain=${domain}`);
    const connected = page.getByRole("status", { name: "Live connection: Connected" });
    await expect(connected).toBeVisible();
    const nc = await connectAs(stack, "publisher");
    const one = makeIntent({ key: keys.trusted[0], domain });
    await publish(nc, `smith.intents.vetted.${one.capability}`, one.text);
    await expect(rowOf(page, one.id)).toBeVisible();
    // Two credential lifetimes: the first JWT has expired and the tab is on a renewed one.
    await expect.poll(() => (renewals.length > 0 ? Date.now() - (renewals[0] ?? 0) : 0), { timeout: 30_000 }).toBeGreaterThan(2 * TTL_S * 1000);
    expect(renewals.length).toBeGreaterThanOrEqual(3);
    const two = makeIntent({ key: keys.trusted[0], domain });
    await publish(nc, `smith.intents.vetted.${two.capability}`, two.text);
    await nc.close();
    await expect(rowOf(page, two.id)).toBeVisible();
    await expect(rowOf(page, one.id)).toHaveCount(1);
    await expect(connected).toBeVisible();
    await context.close();
  });
});
