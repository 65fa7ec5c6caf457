"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useRouter } from "next/navigation";
import { useQueryStates } from "nuqs";
import { useCallback, useDeferredValue, useEffect, useRef, useState } from "react";
import { GROUP_SIZE, TASK_SIZE } from "@/lib/graph/elk-layout";
import { sessionGraphParsers } from "@/lib/queries/session-graph-params";
import { sessionGraphQuery, sessionLayoutQuery, sessionTimelineQuery } from "@/lib/queries/sessions";
import { Notice } from "../ui/notice";
import { useHydrated } from "../ui/use-hydrated";
import { DagCanvas } from "./dag-canvas";
import { DagLegend } from "./dag-legend";
import { DagToolbar } from "./dag-toolbar";
import { exportImage, exportJson } from "./export-graph";
import { GraphViewLoading } from "./graph-view-loading";
import { NodePanel } from "./node-panel";
import { TimeScrubber } from "./time-scrubber";
import { useDagElements } from "./use-dag-elements";
import { useLayoutSeed } from "./use-layout-seed";
import { useLiveGraph } from "./use-live-graph";
import { usePlayback } from "./use-playback";

/**
 * The value, except that its first arrival is rendered as a transition, which React does
 * in slices: the view's first render after hydration (the graph came with the page), or a
 * graph the browser fetched (see INLINE_GRAPH_NODES), which arrives through the query's
 * external store and would be rendered in one synchronous pass (a 10,000-node view and
 * React Flow's first render, ~300 ms). Undefined until then. Later values (live deltas)
 * are rendered at once.
 */
function useArrivalInSlices<T>(value: T | undefined): T | undefined {
  const deferred = useDeferredValue(value, undefined);
  return value === undefined || deferred === undefined ? undefined : value;
}

function DagView({ sessionId }: { sessionId: string }) {
  const [params, setParams] = useQueryStates(sessionGraphParsers, { history: "replace" });
  const { seq, node: selected, failures, critical } = params;
  const find = params.find ?? "";
  const graphQuery = useQuery({ ...sessionGraphQuery(sessionId, seq), placeholderData: keepPreviousData, gcTime: seq === null ? 300_000 : 15_000 });
  const timeline = useQuery(sessionTimelineQuery(sessionId));
  const arrived = graphQuery.data;
  const graph = useArrivalInSlices(arrived);
  const liveGraph = seq === null && !graphQuery.isPlaceholderData ? arrived : undefined;
  const { problem } = useLiveGraph(sessionId, liveGraph, seq === null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [generation, setGeneration] = useState(0);
  const [fitRequest, setFitRequest] = useState(1);
  const [matchIndex, setMatchIndex] = useState(0);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const flow = useReactFlow();
  const router = useRouter();
  // The server's layout of the view the page opened with; the browser lays out the rest.
  const [openedAt] = useState(seq);
  const opening = generation === 0 && expanded.size === 0 && !failures;
  const serverLayout = useQuery({ ...sessionLayoutQuery(sessionId, openedAt), enabled: opening });
  const seed = useLayoutSeed(opening ? serverLayout : null);
  const el = useDagElements(graph, { expanded, failuresOnly: failures, critical, selected, find, matchIndex, generation }, seed);
  const setSeq = useCallback((s: number) => void setParams({ seq: s }), [setParams]);
  const playback = usePlayback(sessionId, timeline.data, seq, setSeq);

  // Find focuses the current match (the person asked for it: the viewport may move).
  const { current } = el;
  const focusPos = current ? el.layout.positions.get(el.view.shownAs.get(current) ?? current) : undefined;
  useEffect(() => {
    if (!focusPos) return;
    const size = current && el.view.shownAs.get(current) !== current ? GROUP_SIZE : TASK_SIZE;
    void flow.setCenter(focusPos.x + size.width / 2, focusPos.y + size.height / 2, { zoom: Math.max(flow.getZoom(), 0.8), duration: 250 });
    // Only when the focused match changes, not on every layout.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current, focusPos === undefined]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target;
      if (e.key !== "Escape" || t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement) return;
      if (selected !== null) void setParams({ node: null });
      else router.push("/sessions");
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selected, setParams, router]);

  if (graphQuery.isPending || (arrived && !graph)) return <p role="status">Loading the session graph…</p>;
  if (!graph) {
    const missing = graphQuery.error?.message.includes("not found") ?? false;
    return (
      <Notice tone={missing ? "warn" : "error"} title={missing ? `No session ${sessionId}` : "Could not load this session"}>
        {missing ? "No graph delta with this session id has reached the index." : graphQuery.error?.message}
      </Notice>
    );
  }
  const selectedNode = selected === null ? undefined : graph.nodes.find((n) => n.id === selected);
  const onExport = (kind: "png" | "svg" | "json") => {
    if (kind === "json") return exportJson(graph);
    const canvas = canvasRef.current?.querySelector<HTMLElement>(".react-flow");
    if (!canvas) return;
    setExporting(true);
    setExportError(null);
    exportImage(canvas, graph, kind)
      .catch((err: unknown) => setExportError(`Export failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => setExporting(false));
  };
  const placed = el.nodes.length;
  const waiting = el.view.nodes.length - placed;

  return (
    <div className="flex h-[calc(100vh-9rem)] min-h-[480px] flex-col gap-2">
      <DagToolbar
        find={find}
        onFind={(text) => {
          setMatchIndex(0);
          void setParams({ find: text === "" ? null : text });
        }}
        matchCount={el.matches.length}
        matchIndex={el.matches.length === 0 ? 0 : ((matchIndex % el.matches.length) + el.matches.length) % el.matches.length}
        onNextMatch={(step) => setMatchIndex((i) => i + step)}
        failuresOnly={failures}
        onFailuresOnly={(on) => void setParams({ failures: on ? true : null })}
        critical={critical}
        onCritical={(on) => void setParams({ critical: on ? true : null })}
        criticalMs={el.pathEnd ? el.path.totalMs : null}
        criticalEnd={el.endLabel}
        onRelayout={() => {
          setGeneration((g) => g + 1);
          setFitRequest((f) => f + 1);
        }}
        onExport={onExport}
        exporting={exporting}
      />
      <DagLegend />
      {problem ? <Notice tone="warn" title="Live updates">{problem}</Notice> : null}
      {exportError ? <Notice tone="error" title="Export">{exportError}</Notice> : null}
      {playback.error ? <Notice tone="error" title="Playback stopped">{playback.error}</Notice> : null}
      {el.layout.error ? <Notice tone="error" title="Layout failed">{el.layout.error}</Notice> : null}
      <div className="flex min-h-0 flex-1 rounded-md border border-zinc-200 dark:border-zinc-800">
        <div ref={canvasRef} className="relative min-w-0 flex-1">
          {el.layout.laying || waiting > 0 ? (
            <p role="status" aria-label="Layout progress" className="absolute right-2 top-2 z-10 rounded bg-sky-100 px-2 py-0.5 text-xs text-sky-900 dark:bg-sky-950 dark:text-sky-100">
              {placed === 0 ? `Laying out ${el.view.nodes.length} nodes…` : `Placing ${Math.max(0, waiting)} new nodes…`}
            </p>
          ) : null}
          {graph.nodes.length === 0 ? (
            <p className="p-6 text-sm text-zinc-500">{seq === null ? "This session has no node now." : "The session had no node at this moment."}</p>
          ) : failures && el.view.nodes.length === 0 ? (
            <p className="p-6 text-sm text-zinc-500">No failed node{seq === null ? "" : " at this moment"}: nothing to show with “Failures only”.</p>
          ) : null}
          <DagCanvas
            nodes={el.nodes}
            edges={el.edges}
            fitRequest={fitRequest}
            layoutMs={el.layout.lastMs}
            layoutBy={el.layout.lastBy}
            onSelect={(id) => void setParams({ node: id })}
            onExpand={(key) => setExpanded((s) => new Set([...s, key]))}
          />
        </div>
        {selected !== null ? (
          selectedNode ? (
            <NodePanel sessionId={sessionId} node={selectedNode} onClose={() => void setParams({ node: null })} />
          ) : (
            <aside aria-label="Selected node" className="w-80 shrink-0 border-l border-zinc-200 p-4 text-sm dark:border-zinc-800">
              The selected node is not in the graph {seq === null ? "now" : "at this moment"}.
            </aside>
          )
        ) : null}
      </div>
      {timeline.data && timeline.data.seqs.length > 0 ? (
        <TimeScrubber
          timeline={timeline.data}
          seq={seq}
          onSeek={(s) => {
            playback.pause();
            void setParams({ seq: s >= (timeline.data?.seqs.at(-1) ?? Infinity) ? null : s });
          }}
          onLive={() => {
            playback.pause();
            void setParams({ seq: null });
          }}
          playing={playback.playing}
          onPlay={() => {
            if (seq === null) void setParams({ seq: timeline.data?.seqs[0] ?? null });
            playback.play();
          }}
          onPause={playback.pause}
          speed={playback.speed}
          onSpeed={playback.setSpeed}
        />
      ) : null}
    </div>
  );
}

/** The session's live DAG, with time travel; React Flow's provider wraps the whole view. */
export function SessionDagView({ sessionId }: { sessionId: string }) {
  // The server renders this far only (its HTML then preloads this module's JS and CSS): the
  // graph may have arrived by the time the browser hydrates, and server and browser must
  // agree on the first render.
  const hydrated = useHydrated();
  if (!hydrated) return <GraphViewLoading />;
  return (
    <ReactFlowProvider>
      <DagView sessionId={sessionId} />
    </ReactFlowProvider>
  );
}
