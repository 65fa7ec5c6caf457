"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { GROUP_SIZE, TASK_SIZE } from "@/lib/graph/elk-layout";
import { sharedLayoutClient } from "@/lib/graph/layout-client";
import { placeIncrementally, type Point } from "@/lib/graph/place-incremental";
import type { ViewGraph } from "@/lib/graph/view-graph";

export interface DagLayout {
  /** Every place a node has had (the current view's nodes among them). */
  positions: ReadonlyMap<string, Point>;
  /** A layout is being computed (nodes added since the last one wait for it). */
  laying: boolean;
  error: string | null;
  /** How long the worker took for the last layout. */
  lastMs: number | null;
}

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

interface Want {
  view: ViewGraph;
  key: string;
  generation: number;
}

/**
 * Layout in a Web Worker (ELK layered), one request at a time: when the graph's shape
 * changed while one was running, the next starts as soon as it returns. Nodes already
 * placed keep their places (placeIncrementally); `generation` changes start over.
 */
export function useDagLayout(view: ViewGraph, generation: number): DagLayout {
  const [state, setState] = useState<DagLayout>({ positions: new Map(), laying: false, error: null, lastMs: null });
  const memory = useRef(new Map<string, Point>());
  const want = useRef<Want | null>(null);
  const running = useRef(false);
  const done = useRef<{ key: string; generation: number } | null>(null);
  const [shapes] = useState(() => new ShapeKeys());
  const key = useMemo(() => shapes.of(view), [shapes, view]);

  useEffect(() => {
    want.current = { view, key, generation };
    const run = () => {
      const w = want.current;
      const c = sharedLayoutClient();
      if (!w || running.current) return;
      if (done.current?.key === w.key && done.current.generation === w.generation) return;
      if (done.current && done.current.generation !== w.generation) memory.current = new Map();
      if (w.view.nodes.length === 0) {
        done.current = { key: w.key, generation: w.generation };
        setState((s) => ({ ...s, laying: false }));
        return;
      }
      running.current = true;
      setState((s) => ({ ...s, laying: true }));
      const sizeOf = (id: string) => (id.startsWith("group:") ? GROUP_SIZE : TASK_SIZE);
      c.layout({
        nodes: w.view.nodes.map((n) => ({ id: n.id, ...sizeOf(n.id) })),
        edges: w.view.edges.map((e) => ({ id: e.id, from: e.from, to: e.to })),
      }).then(
        (res) => {
          running.current = false;
          // A restart asked for while this ran: its answer describes the old places.
          if (want.current?.generation !== w.generation) return run();
          const placed = placeIncrementally(memory.current, res.positions, w.view.edges, sizeOf);
          for (const [id, p] of placed) memory.current.set(id, p);
          done.current = { key: w.key, generation: w.generation };
          setState({ positions: new Map(memory.current), laying: false, error: null, lastMs: res.ms });
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
  }, [view, key, generation]);

  return state;
}
