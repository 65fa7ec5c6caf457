import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { plannerWorkflowMessages } from "../lib/testing/planner-workflow";
import { publish } from "./support/intents";
import { connectAs } from "./support/nats-clients";
import { expect, test } from "./support/test";

// React Flow gives every node the role "group" and its aria-label: "<label>, <type>, <status>".
const node = (page: Page, label: string) => page.getByRole("group", { name: new RegExp(`^${label}, `) });
const canvas = (page: Page) => page.getByRole("status", { name: "Canvas contents" });

test("a planner workflow is drawn live as agentd publishes it, its failure red at the action that failed", async ({ page, stack, request }) => {
  const nc = await connectAs(stack, "publisher");
  const sessionId = randomUUID();
  const messages = plannerWorkflowMessages({
    sessionId,
    goal: "Ship the hotfix",
    startMs: Date.now(),
    steps: [
      { actionId: "checkout", outcome: "completed", ms: 200 },
      { actionId: "build", outcome: "completed", ms: 300 },
      { actionId: "deploy", outcome: "failed", ms: 400, error: { code: "EXECUTION_ERROR", message: "rollout stuck" } },
    ],
  });
  // Everything up to the first action running: the session exists before the page opens.
  const firstRunning = messages.findIndex((m) => m.payload.includes('"status":"running"'));
  for (const m of messages.slice(0, firstRunning + 1)) await publish(nc, m.subject, m.payload);
  await expect.poll(async () => (await request.get(`/api/sessions/${sessionId}/graph`)).status()).toBe(200);

  await page.goto(`/sessions/${sessionId}`);
  await expect(canvas(page)).toHaveText(/^2 nodes · 1 edges/);
  await expect(node(page, "Planner workflow \\(simple\\)")).toContainText("running");
  await expect(node(page, "step 1 · checkout")).toContainText("running");

  // The rest arrives while the page is open: the chain grows and the failure shows where it happened.
  for (const m of messages.slice(firstRunning + 1)) await publish(nc, m.subject, m.payload);
  await expect(canvas(page)).toHaveText(/^4 nodes · 3 edges/);
  await expect(node(page, "step 1 · checkout")).toContainText("ok");
  await expect(node(page, "step 2 · build")).toContainText("ok");
  const deploy = node(page, "step 3 · deploy");
  await expect(deploy).toContainText("error");
  await expect(deploy).toContainText("✕");
  await expect(deploy.locator("div").first()).toHaveCSS("border-color", "rgb(213, 94, 0)");
  await expect(node(page, "step 2 · build").locator("div").first()).not.toHaveCSS("border-color", "rgb(213, 94, 0)");
  await expect(node(page, "Planner workflow \\(simple\\)")).toContainText("error");

  // A fresh load draws the same graph from the index.
  await page.reload();
  await expect(canvas(page)).toHaveText(/^4 nodes · 3 edges/);
  await expect(node(page, "step 3 · deploy")).toContainText("error");

  // And the sessions list says the workflow failed.
  await page.goto("/sessions");
  const link = page.getByRole("link", { name: `Session ${sessionId}` });
  await expect(link).toHaveText("Planner workflow (simple)");
  await expect(page.getByRole("row").filter({ has: link })).toContainText("failed");
  await nc.close();
});
