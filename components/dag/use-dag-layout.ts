"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { layoutRequestOf, TASK_SIZE } from "@/lib/graph/elk-layout";
import { sharedLayoutClient } from "@/lib/graph/layout-client";
import { placeIncrementally, type Point } from "@/lib/graph/place-incremental";
import type { ViewGraph } from "@/lib/graph/view-graph";

export interface DagLayout {
  /** Every place a node has had (the current view's nodes among them). */
  positions: ReadonlyMap<string, Point>;
  /** A layout is being computed (nodes added since the last one wait for it). */
  laying: boolean;
  error: string | null;
  /** How long the last layout took, and where it ran. */
  lastMs: number | null;
  lastBy: "server" | "browser" | null;
}

/**
 * Places the server laid the page's opening view out in (see layoutSessionGraph):
 * "pending" while they are on their way, null when there are none to wait for.
 */
export type LayoutSeed = { positions: ReadonlyMap<string, Point>; ms: number } | "pending" | null;

/**
 * The view's shape (its node ids and edge ends) as a key, made again only when the shape
 * changed: a status delta rebuilds the view, and a key string over thousands of ids on
 * every one is garbage for nothing.
 */
class ShapeKeys {
  private ids: string[] = [];
  private ends: string[] = [];
  private key = "";

  of(view: ViewGraph): string {
    const ids = view.nodes.map((n) => n.id);
    const ends: string[] = [];
    for (const e of view.edges) ends.push(e.from, e.to);
    const same = ids.length === this.ids.length && ends.length === this.ends.length && ids.every((id, i) => id === this.ids[i]) && ends.every((x, i) => x === this.ends[i]);
    if (!same) {
      this.ids = ids;
      this.ends = ends;
      this.key = `${ids.join(",")}|${ends.join(">")}`;
    }
    return this.key;
  }
}

const WARM_WORKER_AFTER_MS = 1500;

interface Want {
  view: ViewGraph;
  key: string;
  generation: number;
  seed: LayoutSeed;
}

/**
 * Layout in a Web Worker (ELK layered), one request at a time: when the graph's shape
 * changed while one was running, the next starts as soon as it returns. Nodes already
 * placed keep their places (placeIncrementally); `generation` changes start over. The
 * first layout is the server's when it has every node of the view (`seed`).
 */
export function useDagLayout(view: ViewGraph, generation: number, seed: LayoutSeed = null): DagLayout {
  const [state, setState] = useState<DagLayout>({ positions: new Map(), laying: false, error: null, lastMs: null, lastBy: null });
  const memory = useRef(new Map<string, Point>());
  const want = useRef<Want | null>(null);
  const running = useRef(false);
  const done = useRef<{ key: string; generation: number } | null>(null);
  const [shapes] = useState(() => new ShapeKeys());
  const key = useMemo(() => shapes.of(view), [shapes, view]);

  useEffect(() => {
    want.current = { view, key, generation, seed };
    const run = () => {
      const w = want.current;
      if (!w || running.current) return;
      if (done.current?.key === w.key && done.current.generation === w.generation) return;
      if (done.current && done.current.generation !== w.generation) memory.current = new Map();
      if (w.view.nodes.length === 0) {
        done.current = { key: w.key, generation: w.generation };
        setState((s) => ({ ...s, laying: false }));
        return;
      }
      // Nothing placed yet (an empty view before the graph arrived counts as nothing).
      if (memory.current.size === 0 && w.seed !== null) {
        // The effect runs again when the server's places arrive (or do not).
        if (w.seed === "pending") return;
        const seeded = w.seed.positions;
        if (w.view.nodes.every((n) => seeded.has(n.id))) {
          for (const n of w.view.nodes) memory.current.set(n.id, seeded.get(n.id) ?? { x: 0, y: 0 });
          done.current = { key: w.key, generation: w.generation };
          setState({ positions: new Map(memory.current), laying: false, error: null, lastMs: w.seed.ms, lastBy: "server" });
          // The worker lays out every change from now on: its ELK is compiled and warm by
          // the time one comes, and not while this page is still painting.
          setTimeout(() => void sharedLayoutClient().warmUp(150, 2), WARM_WORKER_AFTER_MS);
          return;
        }
      }
      running.current = true;
      setState((s) => ({ ...s, laying: true }));
      const request = layoutRequestOf(w.view);
      const sizes = new Map(request.nodes.map((n) => [n.id, n]));
      const sizeOf = (id: string) => sizes.get(id) ?? TASK_SIZE;
      sharedLayoutClient().layout(request).then(
        (res) => {
          running.current = false;
          // A restart asked for while this ran: its answer describes the old places.
          if (want.current?.generation !== w.generation) return run();
          const placed = placeIncrementally(memory.current, res.positions, w.view.edges, sizeOf);
          for (const [id, p] of placed) memory.current.set(id, p);
          done.current = { key: w.key, generation: w.generation };
          setState({ positions: new Map(memory.current), laying: false, error: null, lastMs: res.ms, lastBy: "browser" });
          run();
        },
        (err: unknown) => {
          running.current = false;
          done.current = { key: w.key, generation: w.generation };
          setState((s) => ({ ...s, laying: false, error: err instanceof Error ? err.message : String(err) }));
        },
      );
    };
    run();
  }, [view, key, generation, seed]);

  return state;
}
