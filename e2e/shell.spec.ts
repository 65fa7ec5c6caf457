import { keys, makeIntent, publish } from "./support/intents";
import { connectAs } from "./support/nats-clients";
import { NAV_ITEMS } from "../components/shell/nav-items";
import { expect, test } from "./support/test";

test("the shell renders every navigation destination", async ({ page }) => {
  await page.goto("/");
  // The Overview is the first page; Intents has its own address.
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const item of NAV_ITEMS) {
    await nav.getByRole("link", { name: item.label }).click();
    await expect(page).toHaveURL(new RegExp(`${item.href}$`));
    await expect(page.getByRole("heading", { level: 1, name: item.label })).toBeVisible();
    await expect(nav.getByRole("link", { name: item.label })).toHaveAttribute("aria-current", "page");
  }
});

test("dark mode follows the system, can be switched, and is remembered", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/health");
  const html = page.locator("html");
  await expect(html).toHaveClass(/dark/);
  await page.getByRole("button", { name: /Switch to Light/ }).click();
  await expect(html).not.toHaveClass(/dark/);
  await page.reload();
  await expect(html).not.toHaveClass(/dark/);
  await expect(page.getByRole("button", { name: /^Theme: Light/ })).toBeVisible();
  await page.getByRole("button", { name: /Switch to Dark/ }).click();
  await expect(html).toHaveClass(/dark/);
});

test("the UTC / local time choice is remembered and applied to times shown", async ({ page }) => {
  await page.goto("/health");
  await page.getByRole("button", { name: /^Times in local time/ }).click();
  await expect(page.getByRole("button", { name: /^Times in UTC/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: /^Times in UTC/ })).toBeVisible();
  await page.getByRole("button", { name: /^Times in UTC/ }).click();
  await expect(page.getByRole("button", { name: /^Times in local time/ })).toBeVisible();
});

test("keyboard: ? lists the shortcuts, / focuses search, j / k and Enter open an intent, Esc goes back", async ({ page, stack }) => {
  const nc = await connectAs(stack, "publisher");
  for (let i = 0; i < 2; i++) {
    const intent = makeIntent({ key: keys.trusted[0] });
    await publish(nc, `smith.intents.vetted.${intent.capability}`, intent.text);
  }
  await nc.close();
  await page.goto("/intents");
  await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeHidden();
  await page.keyboard.press("/");
  await expect(page.getByRole("searchbox", { name: "Search intents" })).toBeFocused();
  await page.keyboard.press("Escape");
  const rows = page.getByRole("rowgroup").getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  await page.keyboard.press("j");
  await expect(rows.nth(1)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("k");
  await expect(rows.nth(0)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/intents\/[^/]+$/);
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/\/intents$/);
});
