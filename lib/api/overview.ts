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

/** `GET /api/overview?window=`: the Overview's figures over the window, as the reader's role may see them. */
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
    const health = await readHealth();
    return json(overview(store, p.value.window, role, health, now));
  } catch (error) {
    return failed(error);
  }
}
