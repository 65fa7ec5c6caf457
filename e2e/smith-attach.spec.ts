import type { Browser, Page } from "@playwright/test";
import { z } from "zod";
import { publishIntent, smithIntent, type SignedIntent } from "../lib/testing/smith-double/agent";
import type { SmithTopology } from "../lib/testing/smith-double/topology";
import { startSmithDeployment, type SmithDeployment } from "./support/smith-deployment";
import { expect, test } from "./support/test";

// Pilot attached, with nothing but NATS_URL and its users, to a NATS laid out as agentd
// lays it out; intents published before Pilot starts and after.
test.describe.configure({ timeout: 240_000 });

const rowOf = (page: Page, id: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name: `Intent ${id}` }) });
const listSchema = z.object({ items: z.array(z.object({ id: z.string(), status: z.string() })) });

async function publishSome(d: SmithDeployment, n: number, tag: string): Promise<SignedIntent[]> {
  const out: SignedIntent[] = [];
  for (let i = 0; i < n; i++) {
    const capability = i % 2 === 0 ? "fs.read.v1" : "shell.exec.v1";
    const params = capability === "fs.read.v1" ? { path: `/srv/${tag}/${i}`, max_bytes: null, follow_symlinks: null } : { command: "echo", args: [tag], env: null, cwd: null, timeout_ms: null, stdin: null };
    const intent = smithIntent({ capability, key: d.key, params, domain: tag, ttlMs: 120_000 });
    await publishIntent(d.smith, intent);
    out.push(intent);
  }
  return out;
}

async function pageFor(browser: Browser, d: SmithDeployment): Promise<Page> {
  const context = await browser.newContext({ storageState: d.storageState, baseURL: d.baseUrl });
  return context.newPage();
}

for (const topology of ["per-capability", "bootstrap"] as const satisfies readonly SmithTopology[]) {
  test(`${topology}: every intent published before and after Pilot attached is shown once, verified, with its result; the executor's counts are untouched`, async ({ browser }) => {
    const d = await startSmithDeployment(topology);
    try {
      // Before Pilot: intents wait for an executor that has not started yet.
      const before = await publishSome(d, 3, `before-${topology}`);
      await d.startPilot();
      const page = await pageFor(browser, d);
      await page.goto("/intents");
      await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
      for (const i of before) await expect(rowOf(page, i.id).getByText("verified")).toBeVisible({ timeout: 30_000 });
      d.startExecutor(() => "ok");
      const after = await publishSome(d, 3, `after-${topology}`);
      const all = [...before, ...after];
      for (const i of all) {
        const row = rowOf(page, i.id);
        await expect(row.getByText("verified")).toBeVisible({ timeout: 30_000 });
        await expect(row.getByRole("cell", { name: "ok", exact: true })).toBeVisible({ timeout: 30_000 });
      }
      // Once each: the index holds exactly these intents.
      const res = await page.request.get("/api/intents?limit=100");
      const ids = listSchema.parse(await res.json()).items.map((r) => r.id);
      expect(ids.sort()).toEqual(all.map((i) => i.id).sort());
      // The executor got and acked every intent: Pilot took none of them.
      expect(d.executor?.counts.received).toBe(all.length);
      let delivered = 0;
      let acked = 0;
      for (const c of d.consumers) {
        const ci = await d.jsm.consumers.info(c.stream, c.durable);
        delivered += ci.delivered.consumer_seq;
        acked += ci.ack_floor.consumer_seq;
        expect(ci.num_ack_pending).toBe(0);
      }
      expect({ delivered, acked }).toEqual({ delivered: all.length, acked: all.length });

      // Health says where each family lives and how Pilot reads it.
      await page.goto("/health");
      const intents = page.getByRole("row", { name: topology === "bootstrap" ? "Smith intents: INTENTS" : "Smith intents: JS_INTENTS_FS_READ_V1" });
      await expect(intents).toBeVisible();
      await expect(intents.getByText(topology === "bootstrap" ? "copied into PILOT_CAPTURE" : "WorkQueue: never consumed", { exact: false })).toBeVisible();
      await expect(page.getByText("No gaps: capture has seen everything since it began.")).toBeVisible();
    } finally {
      await d.stop();
    }
  });
}
