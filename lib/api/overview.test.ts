import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Health } from "@/lib/contract/health";
import { overviewSchema, type Overview } from "@/lib/contract/overview";
import { integrityFixtures } from "@/lib/testing/integrity-fixtures";
import { fixtureRecords } from "@/lib/testing/integrity-records";
import { demoRecords, SEED, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import { handleOverview, overview } from "./overview";
import { INTEGRITY_ALARMS } from "./overview-figures";

const BASE = Date.UTC(2026, 0, 1, 12);
const fx = integrityFixtures({ baseMs: BASE, domain: "overview", seed: SEED });
// An hour earlier: outside a 15-minute window that ends just after the fixtures.
const earlier = integrityFixtures({ baseMs: BASE - 3_600_000, domain: "overview", seed: SEED });
const NOW = fx.toMs + 1000;


const healthy: Health = {
  checkedAt: new Date(NOW).toISOString(),
  trustList: { configured: true, keys: 3 },
  nats: { url: "nats://x", connected: true, error: null, serverVersion: "2.9.10", jetstream: true },
  streams: [],
  missingStreams: [],
  ingest: { inProcess: true, state: "running", elsewhere: null, lastError: null, sources: [] },
  index: { path: "x", tables: null, countedAt: null, error: null },
  platform: { families: [], streams: [], gaps: [], capture: null, error: null },
  evidenceKey: { ok: true, publicKey: "AAAA", fingerprint: "SHA256:x", configured: false },
  alerts: { enabled: true, state: "stopped", error: null, replica: null, storeReachable: null, tickMs: 1000, ticks: 0, skipped: 0, lastTick: null, rules: null, deliveries: null },
};

let integrity: TempStore;
let demo: TempStore;
beforeAll(() => {
  integrity = tempStore(SEED);
  expect(integrity.store.applyBatch(fixtureRecords([...earlier.messages, ...fx.messages])).quarantined).toBe(0);
  demo = tempStore(SEED);
  demo.store.applyBatch(demoRecords(3000).records);
});
afterAll(() => {
  integrity.cleanup();
  demo.cleanup();
});

const fig = (o: Overview, id: string) => {
  const f = o.figures.find((x) => x.id === id);
  if (!f) throw new Error(`no figure ${id}`);
  return f;
};

describe("overview", () => {
  it("counts each integrity alarm of the window as the integrity summary does, and not the hour before", () => {
    const o = overviewSchema.parse(overview(integrity.store, "15m", "auditor", healthy, NOW));
    for (const { kind } of INTEGRITY_ALARMS) {
      const f = fig(o, `integrity.${kind}`);
      expect(f.value, kind).toBe(fx.expected.counts[kind]);
      expect(f.spark?.reduce((a, b) => a + b, 0), kind).toBe(f.value);
      expect(f.spark).toHaveLength(12);
      expect(f.level).toBe(f.value > 0 ? "alarm" : "ok");
    }
    expect(fig(o, "integrity.invalid").href).toBe("/audit/integrity?range=15m&show=invalid");
    expect(fig(o, "integrity.digest-mismatch").href).toBe("/audit/integrity?range=15m&show=digest-mismatch");
    // The hand-made mix has one of each alarm at least: a figure that counted nothing would fail here.
    expect(fig(o, "integrity.invalid").value).toBeGreaterThan(0);
    // Over a day both mixes are inside.
    const day = overview(integrity.store, "24h", "auditor", healthy, NOW);
    expect(fig(day, "integrity.invalid").value).toBe(2 * fx.expected.counts.invalid);
  });

  it("withholds audit-derived figures from a viewer", () => {
    const o = overview(integrity.store, "15m", "viewer", healthy, NOW);
    expect(o.withheld).toEqual(["integrity", "audit"]);
    expect(o.figures.some((f) => f.group === "integrity" || f.group === "audit")).toBe(false);
    expect(o.figures.map((f) => f.id)).toContain("sessions.failed");
  });

  it("counts denials as the Audit list does for the same query and range, with a baseline", () => {
    const now = demo.store.auditHistogram({ limit: 0 }, 1).toMs;
    const o = overview(demo.store, "7d", "auditor", healthy, now);
    const deny = fig(o, "audit.deny");
    const listed = demo.store.searchAudit({ decision: "deny", from: now - 7 * 86_400_000, to: now, limit: 1 }).total;
    expect(listed).toBeGreaterThan(0);
    expect(deny.value).toBe(listed);
    expect(deny.spark?.reduce((a, b) => a + b, 0)).toBe(listed);
    expect(deny.href).toBe("/audit?q=decision%3Adeny&range=7d");
    expect(deny.detail).toMatch(/baseline/);
  });

  it("counts sessions per state as the Sessions list filters them", () => {
    const o = overview(demo.store, "1h", "viewer", healthy, Date.now());
    for (const state of ["failed", "running"] as const) {
      const listed = demo.store.listSessions({ state, limit: 500 }).items.length;
      expect(fig(o, `sessions.${state}`).value, state).toBe(listed);
      expect(fig(o, `sessions.${state}`).href).toBe(`/sessions?state=${state}`);
    }
    expect(demo.store.listSessions({ limit: 500 }).items.length).toBeGreaterThan(0);
  });

  it("raises health alarms from the Health page's reading", () => {
    const down: Health = { ...healthy, nats: { ...healthy.nats, connected: false, error: "refused" } };
    const o = overview(demo.store, "1h", "viewer", down, Date.now());
    expect(fig(o, "health.ingest").level).toBe("alarm");
    const gaps: Health = {
      ...healthy,
      platform: { ...healthy.platform, gaps: [{ stream: "S", fromSeq: 1, toSeq: 2, count: 2, from: "a", to: "b", detected: "c", reason: "r" }] },
    };
    expect(fig(overview(demo.store, "1h", "viewer", gaps, Date.now()), "health.capture")).toMatchObject({ value: 1, level: "alarm" });
    expect(fig(overview(demo.store, "1h", "viewer", healthy, Date.now()), "health.capture").level).toBe("ok");
  });

  it("refuses an unknown window and answers the default one", async () => {
    const bad = await handleOverview(demo.store, new URL("http://x/api/overview?window=2h"), "viewer", () => Promise.resolve(healthy));
    expect(bad.status).toBe(400);
    const res = await handleOverview(demo.store, new URL("http://x/api/overview"), "viewer", () => Promise.resolve(healthy));
    expect(overviewSchema.parse(await res.json()).window).toBe("24h");
  });

  it("reuses an answer for a moment while the index is unchanged, and not once it moves", async () => {
    const t0 = 1_900_000_000_000;
    let healthReads = 0;
    const health = () => (healthReads++, Promise.resolve(healthy));
    const ask = async (now: number) =>
      overviewSchema.parse(await (await handleOverview(demo.store, new URL("http://x/api/overview?window=15m"), "auditor", health, now)).json());
    const first = await ask(t0);
    expect((await ask(t0 + 500)).atMs).toBe(first.atMs);
    expect(healthReads).toBe(1);
    // A viewer's answer is another one (fewer figures), never the auditor's.
    const viewer = overviewSchema.parse(await (await handleOverview(demo.store, new URL("http://x/api/overview?window=15m"), "viewer", health, t0 + 600)).json());
    expect(viewer.withheld).toEqual(["integrity", "audit"]);
    expect((await ask(t0 + 2500)).atMs).toBe(t0 + 2500);
    // New messages indexed: recounted at once.
    const { records } = demoRecords(3010);
    demo.store.applyBatch(records.slice(3000));
    expect((await ask(t0 + 2600)).atMs).toBe(t0 + 2600);
  });
});
