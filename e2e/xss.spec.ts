import type { Page } from "@playwright/test";
import { stringifyLossless } from "../lib/protocol/json";
import { TestSession } from "./support/graphs";
import { keys, makeIntent, publish } from "./support/intents";
import { connectAs } from "./support/nats-clients";
import { pilotId, publishReplies } from "./support/replies";
import { expect, test } from "./support/test";

/** Markup that would run, or add an element, if any field were rendered as HTML. */
const HOSTILE = `<img src=x onerror=alert(1)><script>alert(2)</script>"'><svg onload=alert(3)><iframe src=javascript:alert(4)>\u001b[31mred`;

/** No dialog opened, and the markup added no element: it is all text. */
async function expectInert(page: Page, dialogs: string[]): Promise<void> {
  const injected = await page.evaluate(() => ({
    img: document.querySelectorAll('img[src="x"]').length,
    svg: document.querySelectorAll("svg[onload]").length,
    iframe: document.querySelectorAll("iframe").length,
    // Next's own flight-data scripts carry the page's data as escaped JSON (inert); any
    // other script holding the payload would be an injection.
    script: [...document.querySelectorAll("script")].filter((s) => {
      const t = s.textContent ?? "";
      return t.includes("alert(") && !t.startsWith("(self.__next_f=self.__next_f||[]).push(") && !t.startsWith("self.__next_f.push(");
    }).length,
  }));
  expect(injected).toEqual({ img: 0, svg: 0, iframe: 0, script: 0 });
  expect(dialogs).toEqual([]);
}

test("hostile markup in every rendered field stays text: params, outputs, errors, reasons, node labels, replies, quarantine", async ({ page, stack }) => {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const nc = await connectAs(stack, "publisher");

  const intent = makeIntent({ key: keys.trusted[0], params: { path: HOSTILE, note: HOSTILE } });
  await publish(nc, `smith.intents.vetted.${intent.capability}`, intent.text);
  const now = BigInt(Date.now()) * 1_000_000n;
  const result = {
    intent_id: intent.id,
    status: "error",
    output: { stdout: HOSTILE, stderr: HOSTILE, exit_code: 1 },
    error: { code: HOSTILE, message: HOSTILE },
    started_at_ns: now - 5_000_000n,
    finished_at_ns: now,
    runner_meta: { pid: 1, cpu_ms: 1, max_rss_kb: 1, capability_digest: HOSTILE },
    audit_ref: { id: `audit-${intent.id}`, timestamp: Math.floor(Date.now() / 1000), hash: HOSTILE },
  };
  await publish(nc, `smith.results.${intent.id}`, stringifyLossless(result));
  const policy = {
    intent_id: intent.id,
    result_status: "error",
    timestamp_ns: BigInt(Date.now()) * 1_000_000n,
    executor_id: HOSTILE,
    policy_decisions: [{ rule_name: HOSTILE, decision: "deny", reason: HOSTILE }],
    security_context: { sandbox_mode: "full", user_ns: null, mount_ns: null, pid_ns: null, net_ns: null, cgroup_path: HOSTILE, landlock_enabled: true, seccomp_enabled: true, allowlist_hits: [{ resource_type: HOSTILE, resource_id: HOSTILE, operation: HOSTILE, timestamp_ns: 1n }] },
  };
  await publish(nc, `smith.audit.policy.${intent.id}`, stringifyLossless(policy));

  const s = new TestSession(nc);
  await s.send({ nodes: [s.node(HOSTILE, "error", HOSTILE, { note: HOSTILE, intent_id: intent.id })] });

  const pilot = pilotId();
  await publishReplies(nc, pilot, [{ model: `m${HOSTILE}`.slice(0, 60), shape: "whole_files", applied: true, content: `FILE: ${HOSTILE}\n${HOSTILE}\nEND-FILE\n${HOSTILE}` }]);

  nc.publish("smith.results.not-json", HOSTILE);
  await nc.flush();
  await nc.close();

  await page.goto(`/intents/${intent.id}`);
  await expect(page.getByRole("region", { name: "Policy decisions" })).toContainText("<img src=x");
  await expect(page.getByRole("region", { name: "Execution" })).toContainText("<script>alert(2)</script>");
  await expectInert(page, dialogs);

  await page.goto("/intents");
  await expect(page.getByRole("link", { name: `Intent ${intent.id}` })).toBeVisible();
  await expectInert(page, dialogs);

  await page.goto(`/sessions/${s.id}`);
  const node = page.getByRole("group", { name: /^<img src=x/ });
  await expect(node).toContainText("<img src=x onerror=alert(1)>");
  await node.click();
  await expect(page.getByRole("complementary", { name: "Selected node" })).toContainText("<svg onload=alert(3)>");
  await expectInert(page, dialogs);

  await page.goto(`/scorecards/replies?pilot=${pilot}`);
  await page.getByRole("link", { name: /^Reply to task/ }).click();
  await expect(page.getByRole("tab")).toContainText("<img src=x");
  await expect(page.getByRole("region", { name: /^File / })).toContainText("<script>alert(2)</script>");
  await expectInert(page, dialogs);

  await page.goto("/quarantine");
  const row = page.getByRole("row").filter({ hasText: "smith.results.not-json" }).first();
  await row.getByRole("button", { name: "Show payload" }).click();
  await expect(page.getByLabel(/^Payload of smith\.results\.not-json/).first()).toContainText("<img src=x");
  await expectInert(page, dialogs);
});
