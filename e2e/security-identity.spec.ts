import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { z } from "zod";
import { freePort } from "../lib/testing/nats/free-port";
import { killGroup, startApp, waitForHttp } from "./support/app-process";
import { attackerCallbackUrl, fromAddress, setCookie, ssoSignIn } from "./support/identity";
import { readStackState } from "./support/stack-state";
import { expect, test } from "./support/test";

const meSchema = z.object({ username: z.string(), role: z.string() });
const REFUSED = "Single sign-on refused: your account at the sign-on provider is not allowed into Pilot";

test.describe("single sign-on, signed out", () => {
  test.use({ role: "none" });

  test("a provider account named like the local admin gets an SSO account of its own, not the admin's", async ({ page, stack }) => {
    const localAdmin = stack.accounts.admin.user;
    await ssoSignIn(page, stack.baseUrl, localAdmin, "/intents");
    await expect(page).toHaveURL(/\/intents$/);
    const me = meSchema.parse(await (await page.request.get("/api/auth/me")).json());
    expect(me.role).toBe("viewer");
    expect(me.username).not.toBe(localAdmin);
    await expect(page.getByText(`${me.username} · viewer`)).toBeVisible();
  });

  test("an unverified e-mail, a domain or a group that is not allowed is refused", async ({ page, stack }) => {
    const t = Date.now();
    for (const login of [`unverified-${t}`, `eve-${t}@elsewhere.test`, `outsider-${t}`]) {
      await page.context().clearCookies();
      await ssoSignIn(page, stack.baseUrl, login);
      await expect(page, login).toHaveURL(/\/signin\?error=sso-refused$/);
      await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toContainText(REFUSED);
      expect((await page.request.get("/api/auth/me")).status(), login).toBe(401);
    }
  });

  test("a provider answer started in another browser is refused (no login CSRF into the attacker's account)", async ({ page, stack }) => {
    const callback = await attackerCallbackUrl(stack.baseUrl, `mallory-${Date.now()}`);
    await page.goto(callback);
    await expect(page).toHaveURL(/\/signin\?error=sso-state$/);
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toContainText("this sign-in was not started here");
    expect((await page.request.get("/api/auth/me")).status()).toBe(401);
  });

  test("the sign-in page never shows the text of ?error=", async ({ page }) => {
    const bait = "Your session expired. Call the help desk at +1 555 0100";
    await page.goto(`/signin?error=${encodeURIComponent(bait)}`);
    await expect(page.getByRole("form", { name: "Sign in" })).toBeVisible();
    await expect(page.getByText("help desk")).toHaveCount(0);
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveCount(0);
  });

  test("served over http, the session cookie is not Secure and there is no HSTS, whatever x-forwarded-proto says", async ({ request, stack }) => {
    const res = await request.post("/api/auth/signin", {
      data: { username: stack.accounts.viewer.user, password: stack.accounts.viewer.pass },
      headers: { "x-forwarded-proto": "https" },
    });
    expect(res.status()).toBe(200);
    const cookie = res.headers()["set-cookie"] ?? "";
    expect(cookie).toMatch(/^pilot_session=/);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    expect(res.headers()["strict-transport-security"]).toBeUndefined();
  });
});

/**
 * A second app behind a (pretend) authenticating proxy at 127.0.0.2 that also sends a
 * shared secret, public at an https URL, with a low sign-in failure limit. The specs'
 * own client at 127.0.0.1 is someone who reaches Pilot directly.
 */
test.describe.serial("behind a configured proxy, served over https", () => {
  test.use({ role: "none" });
  const secret = randomBytes(24).toString("hex");
  const adminPassword = randomBytes(12).toString("hex");
  const PROXY = "127.0.0.2";
  const DIRECT = "127.0.0.1";
  let app: ChildProcess | null = null;
  let dir = "";
  let base = "";
  let adminCookie = "";

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const stack = readStackState();
    dir = mkdtempSync(path.join(tmpdir(), "pilot-edge-"));
    const port = await freePort();
    const dropped = new Set(["PILOT_OIDC_ISSUER", "PILOT_OIDC_CLIENT_ID", "PILOT_OIDC_CLIENT_SECRET", "PILOT_INDEX_PATH", "PILOT_AUTH_DB_PATH"]);
    const env: Record<string, string> = {
      ...Object.fromEntries(Object.entries(stack.appEnv).filter(([k]) => !dropped.has(k))),
      PILOT_DATA_DIR: dir,
      PILOT_INGEST: "off",
      // Its own accounts store on the shared NATS: its first admin, its throttle limits.
      PILOT_AUTH_STORE: "PILOT_AUTH_EDGE",
      PILOT_ADMIN_USER: "edge-admin",
      PILOT_ADMIN_PASSWORD: adminPassword,
      PILOT_PUBLIC_URL: "https://pilot.example.test",
      PILOT_AUTH_PROXY_HEADER: "X-Forwarded-User",
      PILOT_AUTH_PROXY_ROLE: "auditor",
      PILOT_TRUSTED_PROXIES: `${PROXY}/32`,
      PILOT_AUTH_PROXY_SECRET: secret,
      PILOT_LOGIN_MAX_FAILURES: "2",
    };
    app = startApp(port, { ...process.env, ...env }, path.join(dir, "app.log"));
    base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/api/health/live`, 60_000, app);
    const signedIn = await fromAddress(`${base}/api/auth/signin`, { localAddress: DIRECT, method: "POST", json: { username: "edge-admin", password: adminPassword } });
    expect(signedIn.status).toBe(200);
    adminCookie = setCookie(signedIn).pair;
  });

  test.afterAll(() => {
    if (app) killGroup(app);
    rmSync(dir, { recursive: true, force: true });
  });

  test("the session cookie is __Host- and Secure and HSTS is on, whatever x-forwarded-proto says", async () => {
    const res = await fromAddress(`${base}/api/auth/signin`, {
      localAddress: DIRECT,
      method: "POST",
      headers: { "x-forwarded-proto": "http" },
      json: { username: "edge-admin", password: adminPassword },
    });
    expect(res.status).toBe(200);
    const { pair, line } = setCookie(res);
    expect(pair).toMatch(/^__Host-pilot_session=.+/);
    expect(line).toMatch(/;\s*Secure(;|$)/i);
    expect(line).toMatch(/;\s*Path=\/(;|$)/);
    expect(line).not.toMatch(/Domain=/i);
    expect(res.headers["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
    const signin = await fromAddress(`${base}/signin`, { localAddress: DIRECT, headers: { "x-forwarded-proto": "http" } });
    expect(signin.headers["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
    const me = await fromAddress(`${base}/api/auth/me`, { localAddress: DIRECT, headers: { cookie: pair } });
    expect(meSchema.parse(JSON.parse(me.body))).toEqual({ username: "edge-admin", role: "admin" });
  });

  test("X-Forwarded-User counts only from the proxy's address with the shared secret, and never names a local account", async () => {
    const me = (localAddress: string, headers: Record<string, string>) => fromAddress(`${base}/api/auth/me`, { localAddress, headers });
    expect((await me(DIRECT, { "x-forwarded-user": "edge-admin" })).status).toBe(401);
    expect((await me(DIRECT, { "x-forwarded-user": "edge-admin", "x-pilot-proxy-secret": secret })).status).toBe(401);
    expect((await me(PROXY, { "x-forwarded-user": "edge-admin" })).status).toBe(401);
    expect((await me(PROXY, { "x-forwarded-user": "edge-admin", "x-pilot-proxy-secret": `${secret}x` })).status).toBe(401);
    const page = await fromAddress(`${base}/audit`, { localAddress: DIRECT, headers: { "x-forwarded-user": "edge-admin", "x-pilot-proxy-secret": secret } });
    expect(page.status).toBe(307);
    expect(page.headers.location).toMatch(/\/signin\?next=%2Faudit$/);

    const carol = await me(PROXY, { "x-forwarded-user": "carol", "x-pilot-proxy-secret": secret });
    expect(meSchema.parse(JSON.parse(carol.body))).toEqual({ username: "carol", role: "auditor" });
    // The proxy vouches for its own directory's "edge-admin": not Pilot's local admin.
    const named = meSchema.parse(JSON.parse((await me(PROXY, { "x-forwarded-user": "edge-admin", "x-pilot-proxy-secret": secret })).body));
    expect(named.role).toBe("auditor");
    expect(named.username).not.toBe("edge-admin");
  });

  test("a forged X-Forwarded-For changes neither the logged address nor escapes the per-address limit", async () => {
    const t = Date.now();
    const fail = (localAddress: string, user: string, xff: string) =>
      fromAddress(`${base}/api/auth/signin`, { localAddress, method: "POST", headers: { "x-forwarded-for": xff }, json: { username: user, password: "not the password" } });
    expect((await fail(DIRECT, `direct-${t}`, "198.51.100.23")).status).toBe(401);
    // Through the proxy, the address is the right-most entry the proxy did not add itself.
    expect((await fail(PROXY, `proxied-${t}`, `203.0.113.50, 198.51.100.24, ${PROXY}`)).status).toBe(401);
    const logged = async (user: string) => {
      const res = await fromAddress(`${base}/api/admin/access-log?user=${user}`, { localAddress: DIRECT, headers: { cookie: adminCookie } });
      const items = z.object({ items: z.array(z.object({ address: z.string(), action: z.string() })) }).parse(JSON.parse(res.body)).items;
      return items.filter((i) => i.action === "sign-in failed").map((i) => i.address);
    };
    expect(await logged(`direct-${t}`)).toEqual([DIRECT]);
    expect(await logged(`proxied-${t}`)).toEqual(["198.51.100.24"]);

    // Every attempt names another account and claims another address: the address limit
    // (four times PILOT_LOGIN_MAX_FAILURES=2) still counts them all as 127.0.0.1's.
    const statuses: number[] = [];
    for (let i = 0; i < 12 && !statuses.includes(429); i++) statuses.push((await fail(DIRECT, `spray-${t}-${i}`, `198.51.100.${100 + i}`)).status);
    expect(statuses).toContain(429);
  });
});
