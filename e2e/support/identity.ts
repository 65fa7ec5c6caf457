import { request as httpRequest } from "node:http";
import { request as playwrightRequest, type Page } from "@playwright/test";
import { expect } from "./test";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request from a chosen local address (127.0.0.2 is the "proxy" of a spec, 127.0.0.1
 * a client that reaches Pilot directly: loopback accepts any 127/8 source). Playwright's
 * request client cannot pick its source address.
 */
export function fromAddress(
  url: string,
  options: { localAddress: string; method?: string; headers?: Record<string, string>; json?: unknown },
): Promise<Answer> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers = { ...options.headers, ...(body ? { "content-type": "application/json" } : {}) };
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? "GET", headers, localAddress: options.localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The `name=value` of the first Set-Cookie of an answer, and the whole line. */
export function setCookie(answer: Answer): { pair: string; line: string } {
  const raw = answer.headers["set-cookie"];
  const line = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  return { pair: line.split(";")[0] ?? "", line };
}

/**
 * Signs in at the test provider as `login` in this page, from Pilot's sign-in page, and
 * returns once the browser is back on Pilot (signed in, or refused).
 */
export async function ssoSignIn(page: Page, baseUrl: string, login: string, from = "/signin"): Promise<void> {
  await page.goto(from);
  await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  const onPilot = () => new URL(page.url()).origin === new URL(baseUrl).origin;
  // The provider asks for consent on an account's first sign-in.
  await expect.poll(async () => onPilot() || (await consent.isVisible())).toBe(true);
  if (!onPilot()) await consent.click();
  await page.waitForURL((u) => u.origin === new URL(baseUrl).origin);
}

/**
 * What an attacker does for a login CSRF: starts a sign-in from their own client, signs in
 * at the provider as their own account, and keeps the provider's redirect back to Pilot
 * (code and state) instead of following it.
 */
export async function attackerCallbackUrl(baseUrl: string, login: string): Promise<string> {
  const api = await playwrightRequest.newContext();
  try {
    let url = `${baseUrl}/api/auth/oidc/start?next=%2F`;
    let res = await api.get(url, { maxRedirects: 0 });
    for (let hop = 0; hop < 20; hop++) {
      const location = res.headers().location;
      if (location) {
        url = new URL(location, url).toString();
        if (url.startsWith(`${baseUrl}/api/auth/oidc/callback?`)) return url;
        res = await api.get(url, { maxRedirects: 0 });
        continue;
      }
      // The provider's login form, then its consent form.
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error(`no form at ${url} (${res.status()})`);
      url = new URL(action, url).toString();
      const form: Record<string, string> = html.includes('name="login"') ? { prompt: "login", login, password: "anything" } : { prompt: "consent" };
      res = await api.post(url, { form, maxRedirects: 0 });
    }
    throw new Error("the provider never redirected back to Pilot");
  } finally {
    await api.dispose();
  }
}
