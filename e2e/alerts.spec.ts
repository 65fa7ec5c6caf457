import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { jetstream } from "@nats-io/jetstream";
import { z } from "zod";
import { alertsAnswerSchema } from "../lib/contract/alerts";
import { verifySignature } from "../lib/alerts/signature";
import { freePort } from "../lib/testing/nats/free-port";
import { makeAuditEntry } from "./support/audit";
import { killGroup, startApp, waitForHttp } from "./support/app-process";
import { sessionCookie } from "./support/browser-nats";
import { connectAs } from "./support/nats-clients";
import { expect, test } from "./support/test";

// Two Pilot replicas, A and B, each ingesting the e2e stack's streams into its own index
// and evaluating the same alert rules over one alert store on the shared nats-server
// (PILOT_ALERT_STORE, this run's own). Real HTTP receivers in this process get the
// webhooks: a burst of denials crossing a rule's threshold makes exactly one signed
// request, however many replicas saw it; a receiver that answers 500 is retried and every
// attempt is in the delivery log on both replicas; a muted rule sends nothing.

test.describe.configure({ mode: "serial" });

const RUN = randomUUID().slice(0, 8);
const STORE = `PILOT_ALERT_E2E_${RUN.toUpperCase()}`;
const SECRET = `e2e-signing-secret-${RUN}`;
const replicas: { base: string; app: ChildProcess }[] = [];
let root = "";
const [A, B] = [0, 1];
const base = (i: number) => replicas[i]?.base ?? "";

interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}
const hooks: Record<"ok" | "broken" | "muted", { url: string; got: Received[]; server: Server | null }> = {
  ok: { url: "", got: [], server: null },
  broken: { url: "", got: [], server: null },
  muted: { url: "", got: [], server: null },
};

async function listen(name: keyof typeof hooks, status: number): Promise<void> {
  const hook = hooks[name];
  hook.server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      hook.got.push({ body, headers: req.headers });
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "received" : "upstream exploded");
    });
  });
  await new Promise<void>((r) => hook.server?.listen(0, "127.0.0.1", r));
  hook.url = `http://127.0.0.1:${(hook.server.address() as AddressInfo).port}/hook/${name}`;
}

async function api(i: number, cookie: string, route: string, init: { method?: string; json?: unknown } = {}): Promise<Response> {
  return fetch(`${base(i)}${route}`, {
    method: init.method ?? "GET",
    headers: { cookie, origin: base(i), "content-type": "application/json" },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    redirect: "manual",
  });
}

async function alerts(i: number, cookie: string) {
  const res = await api(i, cookie, "/api/alerts");
  if (!res.ok) throw new Error(`/api/alerts on replica ${i}: ${res.status} ${await res.text()}`);
  return alertsAnswerSchema.parse(await res.json());
}

const ruleBody = (name: string, rule: string, url: string, muted = false) => ({
  kind: "audit-count",
  name,
  query: `decision:deny rule:${rule}`,
  threshold: 5,
  windowMs: 3_600_000,
  muted,
  webhook: { url, format: "json", secret: SECRET },
});

/** `count` denials by policy rule `rule`, all at one instant (so in one window whatever the clock). */
async function burst(stack: Parameters<typeof connectAs>[0], rule: string, count: number): Promise<void> {
  const nc = await connectAs(stack, "publisher");
  const js = jetstream(nc);
  const tsMs = Date.now();
  for (let k = 0; k < count; k++) {
    const intentId = randomUUID();
    await js.publish(`smith.audit.policy.${intentId}`, makeAuditEntry({ intentId, executor: `exec-alerts-${RUN}`, decisions: [{ rule, decision: "deny" }], status: "denied", sandbox: "full", tsMs }));
  }
  await nc.close();
}

const ids: Record<"ok" | "broken" | "muted", string> = { ok: "", broken: "", muted: "" };

test.beforeAll(async ({ stack }) => {
  test.setTimeout(180_000);
  await Promise.all([listen("ok", 200), listen("broken", 500), listen("muted", 200)]);
  root = mkdtempSync(path.join(tmpdir(), "pilot-alerts-"));
  const dropped = new Set(["PILOT_OIDC_ISSUER", "PILOT_OIDC_CLIENT_ID", "PILOT_OIDC_CLIENT_SECRET", "PILOT_INDEX_PATH", "PILOT_AUTH_DB_PATH", "PILOT_PUBLIC_URL", "PILOT_ADMIN_PASSWORD"]);
  for (const name of ["a", "b"]) {
    const dir = path.join(root, name);
    const port = await freePort();
    const env: Record<string, string> = {
      ...Object.fromEntries(Object.entries(stack.appEnv).filter(([k]) => !dropped.has(k))),
      PILOT_DATA_DIR: dir,
      // Each replica ingests into its own index through durables of its own.
      PILOT_INGEST: "on",
      PILOT_INGEST_CONSUMER: `pilot-alerts-${name}-${RUN}`,
      PILOT_ALERT_STORE: STORE,
      PILOT_ALERT_TICK_MS: "250",
      PILOT_ALERT_RETRY_BASE_MS: "300",
      PILOT_ALERT_MAX_ATTEMPTS: "3",
    };
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    replicas.push({ base: `http://127.0.0.1:${port}`, app: startApp(port, { ...process.env, ...env }, path.join(dir, "app.log")) });
  }
  await Promise.all(replicas.map((r) => waitForHttp(`${r.base}/api/health/live`, 90_000, r.app)));
  // Rules are made on A; the burst comes after both replicas know them.
  const admin = await sessionCookie(base(A), stack.accounts.admin);
  for (const [key, muted] of [["ok", false], ["broken", false], ["muted", true]] as const) {
    const res = await api(A, admin, "/api/alerts/rules", { method: "POST", json: ruleBody(`burst ${key} ${RUN}`, `burst-${key}-${RUN}`, hooks[key].url, muted) });
    expect(res.status, await res.clone().text()).toBe(201);
    ids[key] = z.object({ rule: z.object({ id: z.string() }) }).parse(await res.json()).rule.id;
  }
  const onB = await sessionCookie(base(B), stack.accounts.admin);
  await expect.poll(async () => (await alerts(B, onB)).rules.filter((r) => r.name.endsWith(RUN)).length, { timeout: 30_000 }).toBe(3);
  await Promise.all([burst(stack, `burst-ok-${RUN}`, 8), burst(stack, `burst-broken-${RUN}`, 8), burst(stack, `burst-muted-${RUN}`, 8)]);
});

test.afterAll(async () => {
  for (const r of replicas) killGroup(r.app);
  for (const h of Object.values(hooks)) await new Promise((r) => (h.server ? h.server.close(r) : r(undefined)));
  if (root) rmSync(root, { recursive: true, force: true });
});

test("a burst of denials past the threshold sends exactly one webhook, signed, with two replicas evaluating", async ({ stack }) => {
  const cookies = [await sessionCookie(base(A), stack.accounts.admin), await sessionCookie(base(B), stack.accounts.admin)];
  await expect.poll(() => hooks.ok.got.length, { timeout: 60_000 }).toBe(1);
  // Both replicas have indexed the burst and evaluated it: each shows the one firing.
  for (const i of [A, B]) {
    await expect.poll(async () => (await alerts(i, cookies[i] ?? "")).firings.filter((f) => f.ruleId === ids.ok).length, { timeout: 30_000 }).toBe(1);
  }
  const [req] = hooks.ok.got;
  const header = req?.headers["pilot-signature"];
  expect(verifySignature(SECRET, req?.body ?? "", typeof header === "string" ? header : null, Math.floor(Date.now() / 1000))).toMatchObject({ ok: true });
  expect(verifySignature("another-secret-entirely", req?.body ?? "", typeof header === "string" ? header : null, Math.floor(Date.now() / 1000))).toMatchObject({ ok: false });
  const payload = z.object({ type: z.literal("pilot.alert.firing"), firing: z.object({ ruleId: z.string(), details: z.object({ count: z.number(), threshold: z.number() }) }) }).parse(JSON.parse(req?.body ?? "{}"));
  expect(payload.firing.ruleId).toBe(ids.ok);
  expect(payload.firing.details.threshold).toBe(5);
  expect(payload.firing.details.count).toBeGreaterThanOrEqual(5);
  // The broken receiver's three attempts take longer than many ticks of both replicas:
  // by their end, neither replica has sent the first rule's webhook again.
  await expect.poll(() => hooks.broken.got.length, { timeout: 60_000 }).toBe(3);
  expect(hooks.ok.got).toHaveLength(1);
  const delivered = (await alerts(B, cookies[B] ?? "")).firings.find((f) => f.ruleId === ids.ok);
  expect(delivered?.deliveries.map((d) => [d.attempt, d.status, d.outcome])).toEqual([[1, 200, "delivered"]]);
});

test("a receiver answering 500 is retried, and the delivery log on both replicas and the page shows each attempt", async ({ stack, page, context }) => {
  const cookie = await sessionCookie(base(B), stack.accounts.admin);
  await expect.poll(() => hooks.broken.got.length, { timeout: 60_000 }).toBe(3);
  for (const i of [A, B]) {
    const c = i === B ? cookie : await sessionCookie(base(A), stack.accounts.admin);
    await expect
      .poll(async () => (await alerts(i, c)).firings.find((f) => f.ruleId === ids.broken)?.deliveries.map((d) => [d.attempt, d.status, d.outcome]), { timeout: 30_000 })
      .toEqual([[1, 500, "retrying"], [2, 500, "retrying"], [3, 500, "failed"]]);
  }
  expect(new Set(hooks.broken.got.map((g) => g.headers["pilot-delivery-id"])).size).toBe(1);
  const [name, value] = cookie.split("=");
  await context.addCookies([{ name: name ?? "", value: value ?? "", url: base(B) }]);
  await page.goto(`${base(B)}/alerts`);
  const firingId = (await alerts(B, cookie)).firings.find((f) => f.ruleId === ids.broken)?.id ?? "";
  const log = page.getByRole("table", { name: `Deliveries of ${firingId}` });
  await expect(log.getByRole("row")).toHaveCount(4);
  await expect(log.getByRole("cell", { name: "failed" })).toBeVisible();
  await expect(log.getByRole("cell", { name: "upstream exploded" })).toHaveCount(3);
});

test("a muted rule sends nothing and records no firing", async ({ stack }) => {
  const cookie = await sessionCookie(base(A), stack.accounts.admin);
  // The other rules' bursts, published with this one's, have fired and been delivered: this one's had every chance.
  await expect.poll(() => hooks.broken.got.length, { timeout: 60_000 }).toBe(3);
  const answer = await alerts(A, cookie);
  expect(answer.firings.filter((f) => f.ruleId === ids.muted)).toEqual([]);
  expect(hooks.muted.got).toEqual([]);
  expect(answer.rules.find((r) => r.id === ids.muted)?.muted).toBe(true);
  // The secret is never sent back whole.
  expect(JSON.stringify(answer)).not.toContain(SECRET);
  expect(answer.rules.find((r) => r.id === ids.ok)?.webhook?.secret).toBe(`…${SECRET.slice(-4)}`);
});

test("an acknowledgement with a comment, made on one replica, is shown with who and when on the other", async ({ stack, page, context }) => {
  const onB = await sessionCookie(base(B), stack.accounts.admin);
  const firing = (await alerts(B, onB)).firings.find((f) => f.ruleId === ids.ok);
  if (!firing) throw new Error("no firing of the first rule");
  const [name, value] = onB.split("=");
  await context.addCookies([{ name: name ?? "", value: value ?? "", url: base(B) }]);
  await page.goto(`${base(B)}/alerts`);
  const form = page.getByRole("form", { name: `Acknowledge ${firing.id}` });
  await form.getByRole("textbox", { name: "Comment" }).fill(`looked into it ${RUN}`);
  await form.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByText(`looked into it ${RUN}`)).toBeVisible();
  const onA = await sessionCookie(base(A), stack.accounts.admin);
  await expect
    .poll(async () => (await alerts(A, onA)).firings.find((f) => f.id === firing.id)?.acks.map((a) => [a.by, a.comment]), { timeout: 15_000 })
    .toEqual([[stack.accounts.admin.user, `looked into it ${RUN}`]]);
});

test("a viewer may not see or change rules, and an auditor may not set a webhook", async ({ stack }) => {
  const viewer = await sessionCookie(base(A), stack.accounts.viewer);
  expect((await api(A, viewer, "/api/alerts")).status).toBe(403);
  expect((await api(A, viewer, "/api/alerts/rules", { method: "POST", json: ruleBody("v", "v", hooks.ok.url) })).status).toBe(403);
  const auditor = await sessionCookie(base(A), stack.accounts.auditor);
  expect((await api(A, auditor, "/api/alerts/rules", { method: "POST", json: ruleBody("a", "a", hooks.ok.url) })).status).toBe(403);
  const { webhook: _webhook, ...noHook } = ruleBody(`auditor's ${RUN}`, "x", "");
  expect((await api(A, auditor, "/api/alerts/rules", { method: "POST", json: noHook })).status).toBe(201);
  const admin = await sessionCookie(base(A), stack.accounts.admin);
  for (const url of ["file:///etc/passwd", "gopher://127.0.0.1:70/", "http://user:pw@example.com/"])
    expect((await api(A, admin, "/api/alerts/rules", { method: "POST", json: ruleBody("bad", "x", url) })).status, url).toBe(400);
  // A cross-site request is refused before the role or the body is looked at.
  const cross = await fetch(`${base(A)}/api/alerts/rules`, { method: "POST", headers: { cookie: admin, origin: "https://evil.example", "content-type": "application/json" }, body: JSON.stringify(ruleBody("x", "x", hooks.ok.url)) });
  expect(cross.status).toBe(403);
});

test("the Rules page: in the nav for auditors (not viewers), a rule created with the form, muted and unmuted with a button", async ({ stack, page, context }) => {
  const viewer = await sessionCookie(base(A), stack.accounts.viewer);
  const [vn, vv] = viewer.split("=");
  await context.addCookies([{ name: vn ?? "", value: vv ?? "", url: base(A) }]);
  await page.goto(`${base(A)}/health`);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Health" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rules" })).toHaveCount(0);
  await context.clearCookies();

  const auditor = await sessionCookie(base(A), stack.accounts.auditor);
  const [an, av] = auditor.split("=");
  await context.addCookies([{ name: an ?? "", value: av ?? "", url: base(A) }]);
  await page.goto(`${base(A)}/health`);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rules" }).click();
  await expect(page).toHaveURL(/\/alerts$/);
  const form = page.getByRole("form", { name: "New rule" });
  // An auditor's form has the webhook fields disabled: webhooks are an admin's.
  await expect(form.getByRole("textbox", { name: "Webhook URL" })).toBeDisabled();
  const name = `form rule ${RUN}`;
  await form.getByRole("textbox", { name: "Name" }).fill(name);
  await form.getByRole("textbox", { name: "Audit query" }).fill(`decision:deny executor:exec-form-${RUN}`);
  await form.getByRole("spinbutton", { name: "Threshold (events)" }).fill("3");
  await form.getByRole("button", { name: "Create rule" }).click();
  const rules = page.getByRole("list", { name: "Rules" });
  await expect(rules.getByText(name, { exact: true })).toBeVisible();
  await rules.getByRole("button", { name: `Mute ${name}` }).click();
  await expect(rules.getByRole("button", { name: `Unmute ${name}` })).toBeVisible();
  // The other replica has it, muted.
  const onB = await sessionCookie(base(B), stack.accounts.auditor);
  await expect.poll(async () => (await alerts(B, onB)).rules.find((r) => r.name === name)?.muted, { timeout: 15_000 }).toBe(true);
  await rules.getByRole("button", { name: `Unmute ${name}` }).click();
  await expect(rules.getByRole("button", { name: `Mute ${name}` })).toBeVisible();
  // A query the audit language refuses is refused with the parser's message.
  await form.getByRole("textbox", { name: "Name" }).fill(`bad ${RUN}`);
  await form.getByRole("textbox", { name: "Audit query" }).fill("colour:red");
  await form.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByText(/unknown field "colour"/)).toBeVisible();
});
