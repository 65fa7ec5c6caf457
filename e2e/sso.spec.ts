import { z } from "zod";
import { killGroup, startApp, waitForHttp } from "./support/app-process";
import { freePort } from "../lib/testing/nats/free-port";
import { expect, test } from "./support/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

test.describe("signed out", () => {
  test.use({ role: "none" });

  test("single sign-on through an OpenID provider signs a new user in with the SSO role", async ({ page }) => {
    const name = `sso-${Date.now()}`;
    await page.goto("/sessions?state=failed");
    await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
    await page.getByPlaceholder("Enter any login").fill(name);
    await page.getByPlaceholder("and password").fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
    const consent = page.getByRole("button", { name: "Continue" });
    // The provider asks for consent on a first sign-in.
    if (await consent.isVisible().catch(() => false)) await consent.click();
    await expect(page).toHaveURL(/\/sessions\?state=failed$/);
    await expect(page.getByText(`${name} · viewer`)).toBeVisible();
  });

  test("a forged or replayed SSO answer is refused with a message", async ({ page }) => {
    await page.goto("/api/auth/oidc/callback?code=forged&state=never-issued");
    await expect(page).toHaveURL(/\/signin\?error=/);
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toContainText("Single sign-on failed: this sign-in was not started here");
  });
});

test("trusted-proxy mode signs in the user the proxy names, and nobody without the header", async ({ request, stack }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), "pilot-proxy-"));
  const port = await freePort();
  // Its own data (index and accounts), the same NATS; no password account, no SSO.
  const dropped = new Set(["PILOT_ADMIN_PASSWORD", "PILOT_OIDC_ISSUER", "PILOT_OIDC_CLIENT_ID", "PILOT_OIDC_CLIENT_SECRET", "PILOT_INDEX_PATH", "PILOT_AUTH_DB_PATH"]);
  const env: Record<string, string> = {
    ...Object.fromEntries(Object.entries(stack.appEnv).filter(([k]) => !dropped.has(k))),
    PILOT_DATA_DIR: dir,
    PILOT_INGEST: "off",
    PILOT_AUTH_STORE: "PILOT_AUTH_PROXY",
    PILOT_AUTH_PROXY_HEADER: "X-Forwarded-User",
    PILOT_AUTH_PROXY_ROLE: "auditor",
    // This spec's client is the proxy (e2e/security-identity.spec.ts: anyone else is ignored).
    PILOT_TRUSTED_PROXIES: "127.0.0.1/32",
  };
  const app = startApp(port, { ...process.env, ...env }, path.join(dir, "app.log"));
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/api/health/live`, 60_000, app);
    const anonymous = await request.get(`${base}/api/auth/me`, { headers: { cookie: "" } });
    expect(anonymous.status()).toBe(401);
    const me = await request.get(`${base}/api/auth/me`, { headers: { "x-forwarded-user": "proxy-user", cookie: "" } });
    expect(me.status()).toBe(200);
    expect(z.object({ username: z.string(), role: z.string() }).parse(await me.json())).toEqual({ username: "proxy-user", role: "auditor" });
    const pageRes = await request.get(`${base}/audit`, { headers: { "x-forwarded-user": "proxy-user", cookie: "" }, maxRedirects: 0 });
    expect(pageRes.status()).toBe(200);
    expect(await pageRes.text()).toContain("proxy-user");
    const bad = await request.get(`${base}/api/auth/me`, { headers: { "x-forwarded-user": "bad name<script>", cookie: "" } });
    expect(bad.status()).toBe(401);
  } finally {
    killGroup(app);
    rmSync(dir, { recursive: true, force: true });
  }
});
