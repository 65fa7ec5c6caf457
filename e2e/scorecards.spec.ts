import { connectAs } from "./support/nats-clients";
import { pilotId, publishReplies, type ReplyOptions } from "./support/replies";
import { expect, test } from "./support/test";

const many = (n: number, model: string, prose: number): ReplyOptions[] =>
  Array.from({ length: n }, (_, i) => ({ model, shape: i < prose ? "prose" : "whole_files", applied: i >= prose && i % 2 === 0 }));

test("replies published by the test move the live scorecard", async ({ page, stack }) => {
  const nc = await connectAs(stack, "publisher");
  const pilot = pilotId();
  await publishReplies(nc, pilot, many(4, "live-model", 1));
  await page.goto(`/scorecards?pilot=${pilot}`);
  await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
  const row = page.getByRole("row", { name: /live-model/ });
  await expect(row.getByRole("cell").nth(0)).toHaveText("4");
  await expect(row.getByRole("link", { name: /live-model prose: 25\.0% \[\S+–\S+\] 1\/4/ })).toBeVisible();

  await publishReplies(nc, pilot, many(4, "live-model", 4));
  await expect(row.getByRole("cell").nth(0)).toHaveText("8");
  await expect(row.getByRole("link", { name: /live-model prose: 62\.5% \[\S+–\S+\] 5\/8/ })).toBeVisible();
  await expect(page.getByRole("status", { name: "Replies in scope" })).toHaveText("8 replies from 1 model(s)");
  await nc.close();
});

test("compare flags a prose regression over 200 replies and labels a 5-reply change a small sample", async ({ page, stack }) => {
  const nc = await connectAs(stack, "publisher");
  const before = pilotId();
  const after = pilotId();
  await publishReplies(nc, before, [...many(200, "big-model", 20), ...many(5, "tiny-model", 0)]);
  await publishReplies(nc, after, [...many(200, "big-model", 80), ...many(5, "tiny-model", 2)]);
  const big = page.getByRole("row", { name: "big-model Prose" });
  // The compare view is a snapshot: on a busy machine ingest may still be indexing the
  // second run when the page first loads, so reload until both runs are in.
  await expect(async () => {
    await page.goto(`/scorecards/compare?a=${before}&b=${after}`);
    await expect(big).toContainText("40.0%", { timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await expect(big).toContainText("10.0%");
  await expect(big).toContainText("+30.0%");
  await expect(big).toContainText("regression");
  const tiny = page.getByRole("row", { name: "tiny-model Prose" });
  await expect(tiny).toContainText("small sample");
  await expect(tiny).not.toContainText("regression");
  for (const figure of ["Structured", "Disqualified", "Applied"]) await expect(page.getByRole("row", { name: `tiny-model ${figure}` })).not.toContainText("regression");
  await nc.close();
});

test("a scorecard cell drills down to its replies, and a reply renders its FILE blocks and its diff", async ({ page, stack }) => {
  const nc = await connectAs(stack, "publisher");
  const pilot = pilotId();
  const content = "Here is the change.\nFILE: src/lib.rs\nfn new() {}\nEND-FILE\nFILE: README.md\n# Notes <script>alert(1)</script>\nEND-FILE\n";
  await publishReplies(nc, pilot, [
    { model: "drill-model", shape: "whole_files", applied: true, content },
    { model: "drill-model", shape: "prose", applied: false },
  ]);
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto(`/scorecards?pilot=${pilot}`);
  await page.getByRole("link", { name: /drill-model applied: 50\.0%/ }).click();
  await expect(page).toHaveURL(/\/scorecards\/replies\?.*applied=true/);
  await expect(page.getByRole("link", { name: /^Reply to task/ })).toHaveCount(1);
  await page.getByRole("link", { name: /^Reply to task/ }).click();
  await expect(page.getByRole("tab", { name: "src/lib.rs" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("region", { name: "File src/lib.rs" })).toContainText("fn new() {}");
  await page.getByRole("tab", { name: "README.md" }).click();
  await expect(page.getByRole("region", { name: "File README.md" })).toContainText("<script>alert(1)</script>");
  await expect(page.getByRole("region", { name: "Text outside the FILE blocks" })).toContainText("Here is the change.");
  const diff = page.getByRole("region", { name: "Diff produced" });
  await expect(diff).toContainText("src/lib.rs");
  await expect(diff).toContainText("fn old() {}");
  await expect(diff).toContainText("fn new() {}");
  await diff.getByRole("radio", { name: "Unified" }).click();
  await expect(diff.getByRole("radio", { name: "Unified" })).toHaveAttribute("aria-checked", "true");
  expect(dialogs).toBe(0);
  await nc.close();
});

test("the scorecard exports as CSV with its definitions on top", async ({ page, stack }) => {
  const nc = await connectAs(stack, "publisher");
  const pilot = pilotId();
  await publishReplies(nc, pilot, many(3, "export-model", 1));
  await page.goto(`/scorecards?pilot=${pilot}`);
  await expect(page.getByRole("row", { name: /export-model/ })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^scorecard-${pilot}-\\d{8}-\\d{6}\\.csv$`));
  const text = Buffer.concat(await (await file.createReadStream()).toArray()).toString("utf8");
  expect(text).toMatch(/^# Pilot scorecard export/);
  expect(text).toContain('"export-model",3,');
  await nc.close();
});
