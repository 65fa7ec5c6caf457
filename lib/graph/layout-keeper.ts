import "server-only";
import type { Store } from "@/lib/store";
import { serverLayout, type ServerLayout } from "./server-layout";
import { layoutSessionGraph } from "./session-layout";

const TICK_MS = 1_000;
/** The most recently active sessions are the ones people open. */
const SESSIONS = 8;
/** Layouts a tick starts at most: the index reads and ELK share the machine with ingest. */
const PER_TICK = 2;

interface Seen {
  lastSeq: number;
  laidOutSeq: number;
}

/**
 * Keeps the layouts of the most recently active sessions ready in the server's cache, so
 * that opening one does not wait for ELK: a session is laid out when first seen and once a
 * change has been quiet for a tick (a session that keeps changing is laid out when opened,
 * and by the browser as it changes: laying out every change ahead would compete with
 * ingest during a flood).
 * Returns stop.
 */
export function startLayoutKeeper(store: () => Store, layout: ServerLayout = serverLayout()): () => void {
  const seen = new Map<string, Seen>();
  /** The streams the listed sessions are on, and their cursors when last listed. */
  let streams: string[] = [];
  let listedAt = "";
  let running = false;
  let reported = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // Nothing indexed on the sessions' streams and nothing waiting to settle: listing the
      // sessions (their status counts) every second would be the only work of an idle server.
      const cursors = store().cursors();
      const mark = streams.map((s) => cursors[s] ?? 0).join(",");
      const settled = [...seen.values()].every((e) => e.laidOutSeq === e.lastSeq);
      if (streams.length > 0 && mark === listedAt && settled) return;
      const recent = store().listSessions({ limit: SESSIONS, sort: "activity" }).items;
      streams = [...new Set(recent.map((s) => s.stream))];
      listedAt = streams.map((s) => cursors[s] ?? 0).join(",");
      for (const id of seen.keys()) if (!recent.some((s) => s.sessionId === id)) seen.delete(id);
      let started = 0;
      for (const s of recent) {
        const known = seen.get(s.sessionId);
        const e = known ?? { lastSeq: s.lastSeq, laidOutSeq: -1 };
        seen.set(s.sessionId, e);
        // First seen, or quiet since the last tick: lay it out as it is now.
        const quiet = known === undefined || known.lastSeq === s.lastSeq;
        e.lastSeq = s.lastSeq;
        if (!quiet || e.laidOutSeq === s.lastSeq || started >= PER_TICK) continue;
        started++;
        const graph = store().sessionGraph(s.sessionId);
        if (graph) await layoutSessionGraph(graph, layout);
        e.laidOutSeq = s.lastSeq;
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
