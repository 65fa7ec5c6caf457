import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { alertsHealthSchema } from "@/lib/contract/alerts-health";
import { auditBurst } from "../testing/alert-fixtures";
import { startAlertNats, type AlertNats } from "../testing/alert-nats";
import { tempStore, type TempStore } from "../testing/store-fixtures";
import { alertSettings } from "./alert-settings";
import { openAlertEngine } from "./engine";
import { readAlertsHealth } from "./engine-health";
import { ruleKey, type RuleRecord } from "./records";

// The alert engine's figures on the Health page, each checked against what the test made
// happen on a real nats-server: rules put in the bucket, a tick that fires, a firing that
// waits in the shared consumer until a deliverer takes it, a delivery that fails, the
// store going away.
let nats: AlertNats;
let index: TempStore;
let receiver: ReturnType<typeof createServer>;
let hookUrl = "";
beforeAll(async () => {
  nats = await startAlertNats();
  index = tempStore();
  receiver = createServer((_req, res) => res.writeHead(500).end("down"));
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
}, 60_000);
afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
  index?.cleanup();
  await nats?.stop();
});

const rule = (id: string, o: Partial<RuleRecord>): RuleRecord => ({
  id, name: id, kind: "audit-count", query: "decision:deny", threshold: 5, windowMs: 600_000, muted: false, webhook: null,
  createdBy: "t", createdMs: 0, updatedBy: "t", updatedMs: 0, ...o,
});

describe("the alert engine on the Health page", () => {
  it("says when it is not started, or why its start failed", async () => {
    expect(await readAlertsHealth({ state: "stopped", error: null, atMs: null })).toMatchObject({ state: "stopped", rules: null, lastTick: null, deliveries: null });
    expect(await readAlertsHealth({ state: "error", error: "NATS at nats://x:4222: connection refused", atMs: 1 })).toMatchObject({ state: "error", error: "NATS at nats://x:4222: connection refused" });
  });

  it("shows the rules loaded, the last tick, and the shared consumer's pending, failed and delivered, each as it is", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const settings = alertSettings({ NODE_ENV: "test", PILOT_ALERTS: "off", PILOT_ALERT_STORE: "T_HEALTH", PILOT_ALERT_MAX_ATTEMPTS: "1" });
    const engine = await openAlertEngine(await nats.connect(), index.store, settings, { replicas: 1, pilotUrl: null });
    const read = async () => alertsHealthSchema.parse(await readAlertsHealth({ state: "running", engine }));
    const first = await read();
    expect(first).toMatchObject({ state: "running", enabled: false, replica: engine.store.replica, storeReachable: true, ticks: 0, lastTick: null, rules: { total: 0 } });
    expect(first.deliveries).toMatchObject({ consumer: engine.store.names.deliverer, pending: 0, inFlight: 0, failed: 0, delivered: 0, error: null });

    index.store.applyBatch(auditBurst(1, 6, Date.now()));
    await engine.store.rules.create(ruleKey("fires"), rule("fires", { webhook: { url: hookUrl, format: "json", secret: null } }));
    await engine.store.rules.create(ruleKey("quiet"), rule("quiet", { threshold: 100 }));
    await engine.store.rules.create(ruleKey("muted"), rule("muted", { muted: true }));
    // Written by an older Pilot whose audit language took it: kept, not evaluated, counted as a problem.
    await engine.store.rules.create(ruleKey("stale"), rule("stale", { query: "colour:red" }));
    const before = Date.now();
    await engine.loop.runOnce();
    const after = Date.now();
    const ticked = await read();
    expect(ticked.rules).toEqual({ total: 4, evaluated: 3, muted: 1, problems: 1 });
    expect(ticked.ticks).toBe(1);
    expect(ticked.lastTick).toMatchObject({ firings: 1, error: null });
    expect(Date.parse(ticked.lastTick?.at ?? "")).toBeGreaterThanOrEqual(before);
    expect(Date.parse(ticked.lastTick?.at ?? "")).toBeLessThanOrEqual(after);
    expect(ticked.lastTick?.durationMs).toBeGreaterThan(0);
    // Nobody delivers yet (alerts off here): the firing waits in the shared consumer.
    await vi.waitFor(async () => expect((await read()).deliveries).toMatchObject({ pending: 1, inFlight: 0, failed: 0 }));

    engine.deliverer.start();
    await vi.waitFor(async () => expect((await read()).deliveries).toMatchObject({ pending: 0, inFlight: 0, failed: 1, delivered: 0 }), { timeout: 15_000 });
    // The deliverer waits on the consumer for the next firing.
    await vi.waitFor(async () => expect((await read()).deliveries?.pullers).toBeGreaterThanOrEqual(1), { timeout: 15_000 });

    // The stale rule deleted: neither loaded nor a problem any more.
    await engine.store.rules.remove(ruleKey("stale"));
    await engine.loop.runOnce();
    expect((await read()).rules).toEqual({ total: 3, evaluated: 2, muted: 1, problems: 0 });

    await nats.stopServer();
    try {
      await vi.waitFor(() => expect(engine.store.link.isUp).toBe(false), { timeout: 15_000 });
      await engine.loop.runOnce();
      const away = await read();
      expect(away).toMatchObject({ storeReachable: false, ticks: 2, skipped: 1 });
      expect(away.deliveries?.pending).toBeNull();
      expect(away.deliveries?.error).toBeTruthy();
    } finally {
      await nats.startServer();
    }
    engine.stop();
    warn.mockRestore();
  }, 90_000);
});
