import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { z } from "zod";
import { openAuthDb } from "../lib/auth/auth-db";
import { generatePassword, hashPassword } from "../lib/auth/passwords";
import { freePort } from "../lib/testing/nats/free-port";
import { killGroup, startApp, waitForHttp } from "./support/app-process";
import { sessionCookie } from "./support/browser-nats";
import { expect, test } from "./support/test";

// Two Pilot replicas, A and B: two app processes, each with its own data dir (index and
// auth.sqlite), sharing the e2e stack's nats-server and one accounts store on it
// (PILOT_AUTH_STORE, its own name so the main app's accounts are not in the way). A starts
// with an older Pilot's auth.sqlite holding the accounts; both start at once, and the
// accounts are imported once. Then what an admin does through one replica holds on the
// other from its very next request.

test.describe.configure({ mode: "serial" });

const STORE = "PILOT_AUTH_TWO";
const admin = { user: "two-admin", pass: generatePassword() };
const viewer = { user: "two-viewer", pass: generatePassword() };
const replicas: { base: string; app: ChildProcess; dir: string }[] = [];
let root = "";
const [A, B] = [0, 1];
const base = (i: number) => replicas[i]?.base ?? "";

const usersSchema = z.object({ users: z.array(z.object({ id: z.number(), username: z.string(), disabled: z.boolean() })) });
const logSchema = z.object({ items: z.array(z.object({ id: z.number(), username: z.string().nullable(), action: z.string(), address: z.string() })), total: z.number() });

async function api(i: number, cookie: string, route: string, init: { method?: string; json?: unknown } = {}): Promise<Response> {
  return fetch(`${base(i)}${route}`, {
    method: init.method ?? "GET",
    headers: { cookie, origin: base(i), "content-type": "application/json" },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    redirect: "manual",
  });
}

const me = (i: number, cookie: string) => api(i, cookie, "/api/auth/me").then((r) => r.status);

async function userId(i: number, cookie: string, name: string): Promise<number> {
  const { users } = usersSchema.parse(await (await api(i, cookie, "/api/admin/users")).json());
  const u = users.find((x) => x.username === name);
  if (!u) throw new Error(`${name} is not listed on replica ${i}`);
  return u.id;
}

test.beforeAll(async ({ stack }) => {
  test.setTimeout(180_000);
  root = mkdtempSync(path.join(tmpdir(), "pilot-two-"));
  // An older Pilot's accounts database, on A only.
  const legacyDir = path.join(root, "a");
  mkdirSync(legacyDir, { recursive: true, mode: 0o700 });
  const db = openAuthDb(path.join(legacyDir, "auth.sqlite"));
  for (const [a, role] of [[admin, "admin"], [viewer, "viewer"]] as const)
    db.prepare("INSERT INTO users (username, password_hash, role, source, created_ms) VALUES (?, ?, ?, 'local', ?)").run(a.user, await hashPassword(a.pass), role, Date.now());
  db.close();
  const dropped = new Set(["PILOT_OIDC_ISSUER", "PILOT_OIDC_CLIENT_ID", "PILOT_OIDC_CLIENT_SECRET", "PILOT_INDEX_PATH", "PILOT_AUTH_DB_PATH", "PILOT_PUBLIC_URL", "PILOT_ADMIN_PASSWORD"]);
  for (const name of ["a", "b"]) {
    const dir = path.join(root, name);
    const port = await freePort();
    const env: Record<string, string> = {
      ...Object.fromEntries(Object.entries(stack.appEnv).filter(([k]) => !dropped.has(k))),
      PILOT_DATA_DIR: dir,
      // Each replica keeps its own index; this spec is about accounts, so neither ingests.
      PILOT_INGEST: "off",
      PILOT_AUTH_STORE: STORE,
    };
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    replicas.push({ base: `http://127.0.0.1:${port}`, app: startApp(port, { ...process.env, ...env }, path.join(dir, "app.log")), dir });
  }
  // Started together: each opens the store at once (instrumentation), so they race to import.
  await Promise.all(replicas.map((r) => waitForHttp(`${r.base}/api/health/live`, 90_000, r.app)));
  await Promise.all(replicas.map((r) => fetch(`${r.base}/signin`)));
});

test.afterAll(() => {
  for (const r of replicas) killGroup(r.app);
  if (root) rmSync(root, { recursive: true, force: true });
});

test("the older auth.sqlite's accounts are imported once, and either replica signs them in", async () => {
  const logs = () => replicas.map((r) => readFileSync(path.join(r.dir, "app.log"), "utf8")).join("\n");
  await expect.poll(() => (logs().match(/imported 2 account\(s\)/g) ?? []).length).toBe(1);
  expect(logs()).not.toMatch(/account\(s\) in this file were not imported/);
  for (const i of [A, B]) expect(await me(i, await sessionCookie(base(i), admin))).toBe(200);
});

test("an admin disables a user on A: that user's session is refused on B at the very next request", async ({ page, context }) => {
  const adminCookie = await sessionCookie(base(A), admin);
  const onB = await sessionCookie(base(B), viewer);
  expect(await me(B, onB)).toBe(200);
  // The admin's session, made on A, is good on B as well: one set of sessions.
  expect(await me(B, adminCookie)).toBe(200);

  const [name, value] = adminCookie.split("=");
  await context.addCookies([{ name: name ?? "", value: value ?? "", url: base(A) }]);
  await page.goto(`${base(A)}/admin/users`);
  await page.getByRole("button", { name: `Disable ${viewer.user}` }).click();
  await expect(page.getByRole("button", { name: `Enable ${viewer.user}` })).toBeVisible();
  // No wait, no poll: the very next request on B.
  expect(await me(B, onB)).toBe(401);
  const refused = await fetch(`${base(B)}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: viewer.user, password: viewer.pass }) });
  expect(refused.status).toBe(401);
  // Enabled again on B, the old session stays ended (for good); a new sign-in on A works.
  expect((await api(B, adminCookie, `/api/admin/users/${await userId(B, adminCookie, viewer.user)}`, { method: "PATCH", json: { disabled: false } })).status).toBe(200);
  expect(await me(A, onB)).toBe(401);
  expect(await me(A, await sessionCookie(base(A), viewer))).toBe(200);
});

test("a sign-in on B and a failed sign-in on A are both in the one access log, read from either replica", async ({ page, context }) => {
  const adminCookie = await sessionCookie(base(B), admin);
  await sessionCookie(base(B), viewer);
  const ghost = `two-ghost-${Date.now()}`;
  const failed = await fetch(`${base(A)}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: ghost, password: "not a password of anyone" }) });
  expect(failed.status).toBe(401);
  for (const i of [A, B]) {
    const signIns = logSchema.parse(await (await api(i, adminCookie, `/api/admin/access-log?user=${viewer.user}&action=sign-in`)).json());
    expect(signIns.total, `sign-ins of ${viewer.user} read on replica ${i}`).toBeGreaterThanOrEqual(3);
    const failures = logSchema.parse(await (await api(i, adminCookie, `/api/admin/access-log?user=${ghost}`)).json());
    expect(failures.items.map((l) => l.action), `failures read on replica ${i}`).toEqual(["sign-in failed"]);
    // Newest first, in the one order every replica reads.
    const all = logSchema.parse(await (await api(i, adminCookie, "/api/admin/access-log?limit=500")).json());
    expect(all.items.map((l) => l.id)).toEqual([...all.items.map((l) => l.id)].sort((x, y) => y - x));
  }
  // The admin page on B shows the failure A wrote.
  const [name, value] = adminCookie.split("=");
  await context.addCookies([{ name: name ?? "", value: value ?? "", url: base(B) }]);
  await page.goto(`${base(B)}/admin/access-log?user=${ghost}`);
  await expect(page.getByRole("cell", { name: ghost })).toBeVisible();
  await expect(page.getByRole("cell", { name: "sign-in failed" })).toBeVisible();
});

test("a password change on A ends the user's sessions on B", async () => {
  const adminCookie = await sessionCookie(base(A), admin);
  const onB = await sessionCookie(base(B), viewer);
  expect(await me(B, onB)).toBe(200);
  const next = generatePassword();
  const changed = await api(A, adminCookie, `/api/admin/users/${await userId(A, adminCookie, viewer.user)}`, { method: "PATCH", json: { password: next } });
  expect(changed.status).toBe(200);
  expect(await me(B, onB)).toBe(401);
  expect(await me(B, await sessionCookie(base(B), { user: viewer.user, pass: next }))).toBe(200);
});
