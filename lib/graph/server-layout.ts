import "server-only";
import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { LayoutRequest } from "./elk-layout";
import { LayoutRequests, type LayoutResult, type OpenLayoutChannel } from "./layout-requests";

/** Layouts kept, by shape: a reload or a second reader of a session gets it at once. */
const CACHED_SHAPES = 32;
/** Above this many nodes the browser lays the view out itself (one thread serves everyone). */
export const SERVER_LAYOUT_MAX_NODES = 5_000;
/** Requests waiting beyond this are refused (the browser then lays out itself). */
const MAX_WAITING = 8;

export class ServerLayoutBusy extends Error {}

const openLayoutThread: OpenLayoutChannel = (onAnswer, onFailure) => {
  const thread = new Worker(new URL("./layout-thread.ts", import.meta.url));
  thread.on("message", onAnswer);
  thread.on("error", onFailure);
  thread.on("exit", (code) => onFailure(new Error(`the layout thread exited (code ${code})`)));
  // Never what keeps the process alive on shutdown.
  thread.unref();
  return { post: (message) => thread.postMessage(message), terminate: () => void thread.terminate() };
};

function shapeKey(request: LayoutRequest): string {
  const h = createHash("sha1");
  for (const n of request.nodes) h.update(`${n.id}:${n.width}x${n.height};`);
  h.update("|");
  for (const e of request.edges) h.update(`${e.from}>${e.to};`);
  return h.digest("hex");
}

/**
 * ELK layered on a worker thread of the server process. The process lives long, so ELK's
 * code stays optimised (a cold ELK in a fresh browser tab takes several times as long for
 * the same graph), and answers are cached by the graph's shape.
 */
export class ServerLayout {
  private readonly requests: LayoutRequests;
  private readonly cache = new Map<string, Promise<LayoutResult>>();
  private warm: Promise<void> | null = null;
  /** A page asked for a layout: warming up gives way to it. */
  private asked = false;

  constructor(open: OpenLayoutChannel = openLayoutThread) {
    this.requests = new LayoutRequests(open);
  }

  /** Compiles ELK's code on the thread once, before the first page needs it. */
  warmUp(): Promise<void> {
    this.warm ??= this.requests.warmUp(200, 8, () => this.asked);
    return this.warm;
  }

  layout(request: LayoutRequest): Promise<LayoutResult> {
    this.asked = true;
    const key = shapeKey(request);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    if (this.requests.pending >= MAX_WAITING) return Promise.reject(new ServerLayoutBusy("the server's layout thread is busy"));
    const answer = this.requests.layout(request);
    this.cache.set(key, answer);
    answer.catch(() => this.cache.delete(key));
    while (this.cache.size > CACHED_SHAPES) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    return answer;
  }
}

const holder = globalThis as { pilotServerLayout?: ServerLayout };

/** The process's one layout thread (started on first use). */
export function serverLayout(): ServerLayout {
  holder.pilotServerLayout ??= new ServerLayout();
  return holder.pilotServerLayout;
}

/**
 * Someone is looking at sessions: get the layout thread's ELK compiled before a session
 * page asks for a layout (a cold first layout takes several times as long).
 */
export function warmServerLayout(): void {
  void serverLayout().warmUp();
}
