import type { Page } from "@playwright/test";
import { jetstreamManager, type ConsumerInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { expect } from "vitest";
import { BUDGET, SAYS_BEHIND_WITHIN_MS } from "./budget";
import { shownIntentIds } from "./browser";

const CONNECTED = "Live connection: Connected";

export interface PageState {
  label: string;
  rows: number;
}

export async function pageState(page: Page): Promise<PageState> {
  const label =
    (await page
      .getByRole("status", { name: /^Live connection/ })
      .getAttribute("aria-label", { timeout: 5_000 })
      .catch(() => null)) ?? "(no indicator)";
  return { label, rows: (await shownIntentIds(page).catch(() => [])).length };
}

/** The browsers' ordered consumers on a stream (Pilot's own are durable). */
export async function browserConsumers(
  nc: NatsConnection,
  stream: string,
  filter: string,
): Promise<ConsumerInfo[]> {
  const jsm = await jetstreamManager(nc, { timeout: 10_000 });
  const all = await jsm.consumers.list(stream).next();
  return all.filter(
    (c) =>
      !c.config.durable_name &&
      (c.config.filter_subject === filter || c.config.filter_subjects?.includes(filter)),
  );
}

/** What each side saw: the page, the stream, and every consumer on it (printed when a wait fails). */
export async function liveDiagnosis(
  page: Page,
  nc: NatsConnection,
  stream: string,
  extra = "",
): Promise<string> {
  const lines = [`  page: ${JSON.stringify(await pageState(page))}`];
  try {
    const jsm = await jetstreamManager(nc, { timeout: 10_000 });
    const si = await jsm.streams.info(stream);
    lines.push(
      `  stream ${stream}: first ${si.state.first_seq}, last ${si.state.last_seq}, ${si.state.messages} messages, leader ${si.cluster?.leader ?? "-"}`,
    );
    for (const c of await jsm.consumers.list(stream).next())
      lines.push(
        `  consumer ${c.name}${c.config.durable_name ? " (durable)" : ""} on ${c.cluster?.leader ?? "-"}: delivered ${c.delivered.stream_seq}, pending ${c.num_pending}, waiting pulls ${c.num_waiting}, filter ${c.config.filter_subject ?? c.config.filter_subjects?.join(",") ?? "-"}`,
      );
  } catch (err) {
    lines.push(`  stream ${stream}: no answer (${String(err)})`);
  }
  if (extra) lines.push(`  ${extra}`);
  return lines.join("\n");
}

export interface Convergence {
  /** Every distinct indicator label the page showed while converging, in order. */
  labels: string[];
  sawBehind: boolean;
  /** From `publishedAt` to every row shown. */
  afterMs: number;
}

/**
 * Until the page shows `count` intents, each once. A live view never lies: from
 * `publishedAt + 15 s` on, a page that shows fewer must not say "Connected".
 */
export async function expectPageConverges(
  page: Page,
  nc: NatsConnection,
  opts: {
    count: number;
    stream: string;
    publishedAt: number;
    what: string;
    describe?: () => Promise<string>;
  },
): Promise<Convergence> {
  const labels: string[] = [];
  const deadline = Date.now() + BUDGET.convergeMs;
  const fail = async (why: string): Promise<never> => {
    const extra = opts.describe ? await opts.describe() : "";
    throw new Error(
      `${opts.what}: ${why}\n  labels seen: ${labels.join(" | ")}\n${await liveDiagnosis(page, nc, opts.stream, extra)}`,
    );
  };
  for (;;) {
    const s = await pageState(page);
    if (labels[labels.length - 1] !== s.label) labels.push(s.label);
    if (s.rows >= opts.count) break;
    if (s.label === CONNECTED && Date.now() - opts.publishedAt > SAYS_BEHIND_WITHIN_MS)
      await fail(
        `the page says Connected with ${s.rows} of ${opts.count} rows, ${Math.round((Date.now() - opts.publishedAt) / 1000)} s after they were published`,
      );
    if (Date.now() > deadline) await fail(`not converged within ${BUDGET.convergeMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const shown = await shownIntentIds(page);
  expect(new Set(shown).size, `${opts.what}: a row shown twice`).toBe(shown.length);
  expect(shown.length, `${opts.what}: rows shown`).toBe(opts.count);
  await page
    .getByText(`${opts.count} intents`, { exact: true })
    .waitFor({ timeout: BUDGET.pageMs });
  return {
    labels,
    sawBehind: labels.some((l) => l.startsWith("Live connection: Behind by")),
    afterMs: Date.now() - opts.publishedAt,
  };
}
