import type { Page } from "@playwright/test";
import { connectAs } from "./support/nats-clients";
import { keys, makeIntent, makePolicy, makeResult, publish } from "./support/intents";
import { expect, test } from "./support/test";

const rowOf = (page: Page, id: string) =>
  page.getByRole("row").filter({ has: page.getByRole("link", { name: `Intent ${id}` }) });

test("a signed intent appears live, its result updates the same row, and its detail tells the story", async ({ page, stack }) => {
  await page.goto("/intents");
  await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
  const nc = await connectAs(stack, "publisher");
  const intent = makeIntent({ key: keys.trusted[0] });
  await publish(nc, `smith.intents.vetted.${intent.capability}`, intent.text);
  const row = rowOf(page, intent.id);
  await expect(row).toBeVisible();
  await expect(row.getByText("verified")).toBeVisible();
  await expect(row.getByText("pending")).toBeVisible();

  await publish(nc, `smith.audit.policy.${intent.id}`, makePolicy(intent.id));
  await publish(nc, `smith.results.${intent.id}`, makeResult(intent.id));
  await nc.close();
  await expect(row.getByRole("cell", { name: "ok", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "allow", exact: true })).toBeVisible();

  await row.getByRole("link", { name: `Intent ${intent.id}` }).click();
  await expect(page).toHaveURL(new RegExp(`/intents/${intent.id}$`));
  const policy = page.getByRole("region", { name: "Policy decisions" });
  await expect(policy.getByRole("cell", { name: "capability-allowlist" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Execution" }).getByText("4242")).toBeVisible();
  await expect(page.getByRole("region", { name: "Audit events" }).getByText("exec-e2e-01")).toBeVisible();
  await expect(page.getByRole("region", { name: "Signature" }).getByTitle("verified")).toBeVisible();
});

test("tampered, unsigned and untrusted intents carry their signature verdicts", async ({ page, stack }) => {
  await page.goto("/intents");
  await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
  const nc = await connectAs(stack, "publisher");
  const cases = [
    [makeIntent({ key: keys.trusted[1], tamper: true }), "invalid signature"],
    [makeIntent({ key: null }), "unsigned"],
    [makeIntent({ key: keys.untrusted }), "untrusted signer"],
  ] as const;
  for (const [intent] of cases) await publish(nc, `smith.intents.vetted.${intent.capability}`, intent.text);
  await nc.close();
  for (const [intent, verdict] of cases) {
    await expect(rowOf(page, intent.id).getByText(verdict)).toBeVisible();
  }
  await page.goto(`/intents/${cases[0][0].id}`);
  await expect(page.getByRole("region", { name: "Signature" }).getByTitle("invalid signature")).toBeVisible();
});

test("live rows off screen are checked when scrolled to, each with its own verdict", async ({ page, stack }) => {
  const domain = `scrolled-${Date.now()}`;
  await page.goto(`/intents?domain=${domain}`);
  await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
  const nc = await connectAs(stack, "publisher");
  const kinds = [
    [{ key: keys.trusted[0] }, "verified"],
    [{ key: keys.trusted[1], tamper: true }, "invalid signature"],
    [{ key: null }, "unsigned"],
    [{ key: keys.untrusted }, "untrusted signer"],
  ] as const;
  // Far more than fit on screen: the oldest arrive unchecked, below the fold.
  const sent = Array.from({ length: 80 }, (_, i) => {
    const [opts, verdict] = kinds[i % kinds.length] ?? kinds[0];
    return { intent: makeIntent({ ...opts, domain }), verdict };
  });
  for (const { intent } of sent) await publish(nc, `smith.intents.vetted.${intent.capability}`, intent.text);
  await nc.close();
  await expect(page.getByText("80 intents", { exact: true })).toBeVisible();

  await page.getByRole("table", { name: "Intents" }).hover();
  await page.mouse.wheel(0, 80 * 40);
  for (const { intent, verdict } of sent.slice(0, 8)) {
    await expect(rowOf(page, intent.id).getByText(verdict)).toBeVisible();
  }
  await expect(page.getByRole("row").getByText("checking signature")).toHaveCount(0);
});

test("markup in params is shown as text and never runs", async ({ page, stack }) => {
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  const nc = await connectAs(stack, "publisher");
  const intent = makeIntent({ key: keys.trusted[2], params: { path: "<img src=x onerror=alert(1)>", note: "<script>alert(2)</script>" } });
  await publish(nc, `smith.intents.vetted.${intent.capability}`, intent.text);
  await nc.close();
  await page.goto(`/intents/${intent.id}`);
  const params = page.getByRole("region", { name: "Intent" });
  await expect(params.getByText("<img src=x onerror=alert(1)>", { exact: false })).toBeVisible();
  await expect(params.getByText("<script>alert(2)</script>", { exact: false })).toBeVisible();
  await expect(page.locator("img[src=x]")).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test("filters set through the UI live in the URL, survive reload and open the same view elsewhere", async ({ page, context }) => {
  await page.goto("/intents");
  // Interact once the page is hydrated (the indicator is client state).
  await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
  await page.getByLabel("Capability").selectOption("fs.read.v1");
  await page.getByLabel("Signature").selectOption("verified");
  await expect(page).toHaveURL(/capability=fs\.read\.v1/);
  await expect(page).toHaveURL(/signature=verified/);
  await page.reload();
  await expect(page.getByLabel("Capability")).toHaveValue("fs.read.v1");
  await expect(page.getByLabel("Signature")).toHaveValue("verified");
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByLabel("Capability")).toHaveValue("fs.read.v1");
  await expect(other.getByLabel("Signature")).toHaveValue("verified");
  for (const p of [page, other]) {
    await expect(p.getByRole("row").getByText(/unsigned|invalid signature|untrusted signer/)).toHaveCount(0);
  }
});

test("a 5 MB output is not rendered whole and the page stays responsive", async ({ page, stack }) => {
  const nc = await connectAs(stack, "publisher");
  const intent = makeIntent({ key: keys.trusted[0] });
  await publish(nc, `smith.intents.vetted.${intent.capability}`, intent.text);
  await publish(nc, `smith.results.${intent.id}`, makeResult(intent.id, { stdout: "x".repeat(5 * 1024 * 1024) }));
  await nc.close();
  await page.goto(`/intents/${intent.id}`);
  const execution = page.getByRole("region", { name: "Execution" });
  await expect(execution.getByText(/too large to show whole/)).toBeVisible();
  await expect(execution.getByRole("button", { name: "Download output" })).toBeVisible();
  const shown = await execution.locator("pre").first().textContent();
  expect(shown?.length ?? 0).toBeLessThan(10_000);
  // Responsive: a toggle answers at once.
  await execution.getByRole("button", { name: /Output/ }).click();
  await expect(execution.getByRole("button", { name: /Output/ })).toHaveAttribute("aria-expanded", "false");
});

test("a long live flood keeps the newest rows at the top, and scrolling down brings back every older one, once", async ({ page, stack }) => {
  test.setTimeout(180_000);
  const domain = `flood-${Date.now()}`;
  await page.goto(`/intents?domain=${domain}`);
  await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
  const table = page.getByRole("table", { name: "Intents" });
  const nc = await connectAs(stack, "publisher");
  const sent = Array.from({ length: 2600 }, () => makeIntent({ key: null, domain }));
  for (let i = 0; i < sent.length; i += 100) {
    await Promise.all(sent.slice(i, i + 100).map((intent) => publish(nc, `smith.intents.vetted.${intent.capability}`, intent.text)));
  }
  await expect(table).toHaveAttribute("aria-rowcount", String(sent.length), { timeout: 60_000 });

  // Once the flood has settled (the index holds it), the next live rows make the view that
  // follows the top let the oldest go.
  await expect
    .poll(
      async () => {
        const more = makeIntent({ key: null, domain });
        sent.push(more);
        await publish(nc, `smith.intents.vetted.${more.capability}`, more.text);
        return Number(await table.getAttribute("aria-rowcount"));
      },
      { timeout: 90_000, intervals: [2_000] },
    )
    .toBeLessThan(2_600);
  await nc.close();
  const newest = sent[sent.length - 1];
  if (newest) await expect(rowOf(page, newest.id)).toBeVisible();

  // Scrolled down, the rows that went come back from the API page by page: all, none twice.
  await table.hover();
  await expect
    .poll(
      async () => {
        await page.mouse.wheel(0, 200_000);
        return Number(await table.getAttribute("aria-rowcount"));
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toBe(sent.length);
  // The first intent published is the last row.
  const oldest = sent[0];
  if (oldest) {
    await expect
      .poll(
        async () => {
          await page.mouse.wheel(0, 200_000);
          return rowOf(page, oldest.id).count();
        },
        { timeout: 15_000, intervals: [250] },
      )
      .toBe(1);
  }
  await expect(page.getByText(`${sent.length.toLocaleString("en-US")} intents`, { exact: true })).toBeVisible();
});
