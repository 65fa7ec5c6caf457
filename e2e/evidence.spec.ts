import { spawnSync } from "node:child_process";
import type { Page } from "@playwright/test";
import { STANDALONE_VERIFIER } from "../lib/evidence/build-verifier";
import { auditTotal, makeAuditEntry } from "./support/audit";
import { keys, makeIntent, publish } from "./support/intents";
import { connectAs } from "./support/nats-clients";
import { expect, test } from "./support/test";

// Exporting evidence is the auditor's (lib/auth/roles.ts).
test.use({ role: "auditor", viewport: { width: 1600, height: 1000 } });

const run = Date.now().toString(36);
const RULE = `e2e-evidence-${run}`;
const DOMAIN = `evidence-${run}`;

/** The fingerprint the Health page shows: what an auditor pins the verifier to. */
async function healthFingerprint(page: Page): Promise<string> {
  await page.goto("/health");
  const section = page.getByRole("region", { name: "Evidence signing key" });
  const fingerprint = section.getByRole("definition").first();
  await expect(fingerprint).toHaveText(/^SHA256:[A-Za-z0-9+/]{43}$/);
  return (await fingerprint.textContent()) ?? "";
}

/** The standalone verifier, with plain node, on the downloaded file. */
function verify(file: string, key: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [STANDALONE_VERIFIER, file, "--key", key], { encoding: "utf8" });
  return { code: r.status, out: r.stdout + r.stderr };
}

test("an evidence bundle downloaded from the audit page and the intents page verifies offline", async ({ page, stack }) => {
  const nc = await connectAs(stack, "publisher");
  // Three intents (one tampered with after signing) and two policy events for each.
  const intents = [0, 1, 2].map((i) => makeIntent({ key: keys.trusted[0], tamper: i === 0, domain: DOMAIN }));
  for (const intent of intents) await publish(nc, `smith.intents.vetted.${intent.capability}`, intent.text);
  const now = Date.now();
  for (const [k, intent] of [...intents, ...intents].entries()) {
    const entry = makeAuditEntry({
      intentId: intent.id,
      executor: `exec-${run}`,
      decisions: [{ rule: RULE, decision: k % 2 === 0 ? "deny" : "allow" }],
      status: k % 2 === 0 ? "denied" : "ok",
      sandbox: "full",
      tsMs: now - (k + 1) * 10_000,
    });
    await publish(nc, `smith.audit.policy.${intent.id}`, entry);
  }
  await nc.close();
  await expect.poll(() => auditTotal(page.request, { q: `rule:${RULE}` }), { timeout: 30_000 }).toBe(6);

  const fingerprint = await healthFingerprint(page);

  await page.goto(`/audit?q=${encodeURIComponent(`rule:${RULE}`)}`);
  await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
  const [auditBundle] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Evidence bundle" }).click()]);
  expect(auditBundle.suggestedFilename()).toMatch(/^pilot-evidence-audit-\d{8}T\d{6}Z\.tar$/);
  await expect(page.getByRole("status").filter({ hasText: "Saved pilot-evidence-audit-" })).toHaveText(/\(9 records\)$/);
  const audit = verify(await auditBundle.path(), fingerprint);
  expect(audit.out).toContain("OK: ");
  // The six events and their three intents; the tampered one checks as invalid, as Pilot recorded it.
  expect(audit.out).toContain("9 records, 3 intents (2 valid signatures, 1 invalid, 0 unsigned)");
  expect(audit.out).toContain(`signed by Pilot key ${fingerprint}`);
  expect(audit.code).toBe(0);

  await page.goto(`/intents?domain=${DOMAIN}`);
  const [intentBundle] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Evidence bundle" }).click()]);
  expect(intentBundle.suggestedFilename()).toMatch(/^pilot-evidence-intents-.+\.tar$/);
  const listed = verify(await intentBundle.path(), fingerprint);
  expect(listed.out).toContain("3 records, 3 intents (2 valid signatures, 1 invalid, 0 unsigned)");
  expect(listed.code).toBe(0);

  // Pinned to another key, the same bundle is refused, and the check that failed is named.
  const other = verify(await intentBundle.path(), "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  expect(other.out).toContain("signature.json: key: signed by Pilot key");
  expect(other.code).toBe(1);
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });
  test("there is no evidence button, and the route refuses", async ({ page }) => {
    await page.goto(`/intents?domain=${DOMAIN}`);
    await expect(page.getByRole("heading", { name: "Intents", exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Evidence bundle" })).toHaveCount(0);
    expect((await page.request.get("/api/evidence?source=intents")).status()).toBe(403);
  });
});
