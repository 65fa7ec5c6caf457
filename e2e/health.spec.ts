import { jetstream } from "@nats-io/jetstream";
import { connectAs } from "./support/nats-clients";
import { expect, test } from "./support/test";

function count(text: string | null): number {
  return Number((text ?? "").replace(/[^0-9]/g, ""));
}

test("a message published by the test shows up in the Health page's stream counts", async ({ page, stack }) => {
  await page.goto("/health");
  const cell = page.getByRole("cell", { name: "ATOMS_RESULTS messages" });
  await expect(cell).toBeVisible();
  const before = count(await cell.textContent());
  // The index's rows, counted off the server's thread.
  const indexed = page.getByRole("cell", { name: "messages rows" });
  await expect(indexed).toHaveText(/^[0-9,]+$/);
  await expect(page.getByRole("table", { name: /Index rows · counted/ })).toBeVisible();
  const indexedBefore = count(await indexed.textContent());

  const nc = await connectAs(stack, "publisher");
  try {
    const js = jetstream(nc);
    const ack = await js.publish("smith.results.e2e-health", JSON.stringify({ intent_id: "e2e-health" }));
    expect(ack.stream).toBe("ATOMS_RESULTS");
  } finally {
    await nc.close();
  }
  await expect(cell).toHaveText(String(before + 1));
  // Ingest takes it in (here: into quarantine, it is no valid result) and the next count shows it.
  await expect.poll(async () => count(await indexed.textContent()), { timeout: 15_000 }).toBeGreaterThan(indexedBefore);
  await expect(page.getByRole("rowheader", { name: "AUDIT_SECURITY" })).toBeVisible();
});
