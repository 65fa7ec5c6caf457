import "server-only";
import type { Store } from "@/lib/store/types";
import { serverLayout, type ServerLayout } from "./server-layout";
import { layoutSessionGraph } from "./session-layout";

const TICK_MS = 1_000;
/** The most recently active sessions are the ones people open. */
const SESSIONS = 8;
/** A session that never stops changing is still laid out this often. */
const BUSY_SESSION_EVERY_MS = 10_000;

interface Seen {
  lastSeq: number;
  laidOutSeq: number;
  laidOutAt: number;
}

/**
 * Keeps the layouts of the most recently active sessions ready in the server's cache, so
 * that opening one does not wait for ELK: a session is laid out when first seen, once it
 * has been quiet for a tick, and at least every 10 s while it keeps changing. Returns stop.
 */
export function startLayoutKeeper(store: () => Store, layout: ServerLayout = serverLayout()): () => void {
  const seen = new Map<string, Seen>();
  let running = false;
  let reported = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const recent = store().listSessions({ limit: SESSIONS, sort: "activity" }).items;
      for (const id of seen.keys()) if (!recent.some((s) => s.sessionId === id)) seen.delete(id);
      for (const s of recent) {
        const e = seen.get(s.sessionId) ?? { lastSeq: -1, laidOutSeq: -1, laidOutAt: 0 };
        const quiet = e.lastSeq === s.lastSeq;
        e.lastSeq = s.lastSeq;
        seen.set(s.sessionId, e);
        if (e.laidOutSeq === s.lastSeq || (!quiet && Date.now() - e.laidOutAt < BUSY_SESSION_EVERY_MS)) continue;
        const graph = store().sessionGraph(s.sessionId);
        if (graph) await layoutSessionGraph(graph, layout);
        e.laidOutSeq = s.lastSeq;
        e.laidOutAt = Date.now();
      }
      reported = false;
    } catch (error) {
      // The index may be unreadable for a while (Health says so); say it here once.
      if (!reported) console.error("[layout] keeping session layouts ready failed:", error);
      reported = true;
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
