import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { alertSettings } from "@/lib/alerts/alert-settings";
import { openAlertEngine, type AlertEngine } from "@/lib/alerts/engine";
import type { User } from "@/lib/auth/account-records";
import { StoreUnavailable } from "@/lib/auth/store-link";
import { startAlertNats, type AlertNats } from "@/lib/testing/alert-nats";
import { tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import { acknowledgeFiring, alertsAnswer, createRule, deleteRule, updateRule, withAlertEngine } from "./alerts";

// The alert routes' answer while the alert store (NATS) cannot be reached, on a real
// nats-server stopped under a running engine: a 503 whose body says so, at once — never a
// 500, a hang, or yesterday's list answered as if current.
let nats: AlertNats;
let index: TempStore;
beforeAll(async () => {
  nats = await startAlertNats();
  index = tempStore();
}, 60_000);
afterAll(async () => {
  index?.cleanup();
  await nats?.stop();
});

const admin: User = { id: 1, username: "ada", role: "admin", disabled: false, source: "local", createdMs: 0 };
const problem = z.object({ error: z.string(), detail: z.string() });

/** A replica's engine as Pilot opens it; off (nothing ticks or delivers behind the test's back). */
async function engine(store: string): Promise<AlertEngine> {
  return openAlertEngine(await nats.connect(), index.store, alertSettings({ NODE_ENV: "test", PILOT_ALERTS: "off", PILOT_ALERT_STORE: store }), { replicas: 1, pilotUrl: null });
}

/** Answers within `ms` or fails naming the route (a hang is the failure this guards against). */
async function answered(what: string, p: Promise<Response>, ms = 15_000): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)));
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

async function expectUnreachable(what: string, p: Promise<Response>): Promise<void> {
  const res = await answered(what, p);
  expect(res.status, what).toBe(503);
  expect(res.headers.get("retry-after"), what).toBe("5");
  const body = problem.parse(await res.json());
  expect(body.error, what).toMatch(/cannot reach its alert store \(NATS\)/);
  expect(body.detail, what).not.toMatch(/accounts store/);
}

describe("alert routes with the alert store unreachable", () => {
  it("answer 503 saying so for every route, and 200 again once NATS is back", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const e = await engine("T_AWAY");
    const get = () => withAlertEngine(async (en) => Response.json(await alertsAnswer(en, admin)), async () => e);
    const created = await createRule(e, admin, { kind: "audit-count", name: "denials", query: "decision:deny", threshold: 5, windowMs: 60_000, muted: false, webhook: null });
    expect(created.response.status).toBe(201);
    const id = z.object({ rule: z.object({ id: z.string() }) }).parse(await created.response.json()).rule.id;
    const firing = { id: `${id}.w1`, ruleId: id, ruleName: "denials", kind: "audit-count" as const, firedMs: Date.now(), summary: "6 denials", details: { count: 6 }, replica: "test" };
    await e.store.publishFiring(firing);
    await e.store.events.catchUp();
    expect((await get()).status).toBe(200);

    await nats.stopServer();
    try {
      await vi.waitFor(() => expect(e.store.link.isUp).toBe(false), { timeout: 15_000 });
      await expectUnreachable("GET /api/alerts", get());
      await expectUnreachable("POST /api/alerts/rules", withAlertEngine(async (en) => (await createRule(en, admin, { kind: "integrity", name: "x", windowMs: 60_000, muted: false, webhook: null })).response, async () => e));
      await expectUnreachable("PATCH /api/alerts/rules/[id]", withAlertEngine(async (en) => (await updateRule(en, admin, id, { muted: true })).response, async () => e));
      await expectUnreachable("DELETE /api/alerts/rules/[id]", withAlertEngine(async (en) => (await deleteRule(en, id)).response, async () => e));
      await expectUnreachable("POST /api/alerts/firings/[id]/ack", withAlertEngine(async (en) => (await acknowledgeFiring(en, admin, firing.id, { comment: "seen" })).response, async () => e));
      // A write is refused as the store being away (a 503), not buffered through the reconnect into a timeout (a 500).
      await expect(answered("publishAck", e.store.publishAck({ firingId: firing.id, ruleId: id, by: "ada", atMs: Date.now(), comment: "x" }).then(() => new Response()))).rejects.toBeInstanceOf(StoreUnavailable);
      // An engine that cannot start (NATS unreachable when the first request comes).
      await expectUnreachable("any route, engine not started", withAlertEngine(async () => new Response("not reached"), () => engine("T_NEVER")));
    } finally {
      await nats.startServer();
    }
    await vi.waitFor(() => expect(e.store.link.isUp).toBe(true), { timeout: 20_000 });
    const back = await get();
    expect(back.status).toBe(200);
    e.stop();
    warn.mockRestore();
  }, 120_000);
});
