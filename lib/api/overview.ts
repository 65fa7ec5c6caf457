import "server-only";
import { z } from "zod";
import { hasRole, type Role } from "@/lib/auth/roles";
import type { Health } from "@/lib/contract/health";
import { OVERVIEW_WINDOWS, type FIGURE_GROUPS, type Overview, type OverviewWindow } from "@/lib/contract/overview";
import { denyFigure, healthFigures, integrityFigures, scorecardFigure, sessionFigures } from "./overview-figures";
import { failed, json, parseParams, storeOf, type StoreSource } from "./respond";

export const DEFAULT_OVERVIEW_WINDOW: OverviewWindow = "24h";

export const overviewParams = z
  .object({ window: z.enum(OVERVIEW_WINDOWS, { error: `expected one of ${OVERVIEW_WINDOWS.join(", ")}` }).default(DEFAULT_OVERVIEW_WINDOW) })
  .strict();

/**
 * What needs attention now, for a reader of `role`: integrity alarms and the deny rate
 * are read from the audit trail and its integrity checks, which only an auditor's pages
 * show (the Audit and Integrity pages), so a viewer is told they are withheld, never
 * shown them. Sessions, scorecards and health are a viewer's to read.
 */
export function overview(store: StoreSource, window: OverviewWindow, role: Role, health: Health, now: number): Overview {
  const s = storeOf(store);
  const seq = s.cursors();
  const auditor = hasRole(role, "auditor");
  const withheld: (typeof FIGURE_GROUPS)[number][] = auditor ? [] : ["integrity", "audit"];
  return {
    window,
    atMs: now,
    figures: [
      ...(auditor ? [...integrityFigures(s, window, now), denyFigure(s, window, now)] : []),
      ...sessionFigures(s, window, now),
      scorecardFigure(s),
      ...healthFigures(health),
    ],
    withheld,
    seq,
  };
}

/** How long an answer is reused for the same window, role class and index state. */
export const OVERVIEW_REUSE_MS = 2000;
const recent = new Map<string, { atMs: number; answer: Overview }>();

/**
 * `GET /api/overview?window=`: the Overview's figures over the window, as the reader's role
 * may see them. Every open tab refetches on live messages (at most once a second each) and
 * the figures cost a dozen index scans, so an answer is reused for OVERVIEW_REUSE_MS by
 * readers of the same window and role class while the index has applied nothing new (its
 * stream seqs are part of the key): a burst seen by fifty tabs is counted once, not fifty
 * times, and no reader gets an answer older than the index state it asks after.
 */
export async function handleOverview(
  store: StoreSource,
  url: URL,
  role: Role,
  readHealth: () => Promise<Health>,
  now = Date.now(),
): Promise<Response> {
  const p = parseParams(overviewParams, url);
  if (!p.ok) return p.response;
  try {
    const s = storeOf(store);
    const key = JSON.stringify([p.value.window, hasRole(role, "auditor"), s.cursors()]);
    for (const [k, v] of recent) if (now - v.atMs >= OVERVIEW_REUSE_MS || now < v.atMs) recent.delete(k);
    const reused = recent.get(key);
    if (reused) return json(reused.answer);
    const answer = overview(s, p.value.window, role, await readHealth(), now);
    recent.set(key, { atMs: now, answer });
    return json(answer);
  } catch (error) {
    return failed(error);
  }
}
