import type { SessionGraph } from "@/lib/contract/sessions";

function download(href: string, name: string): void {
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  a.click();
}

function stamp(graph: SessionGraph): string {
  return `session-${graph.sessionId.slice(0, 8)}-seq${graph.asOfSeq}`;
}

/** The canvas as it is on screen, without the controls and minimap. */
function canvasFilter(node: HTMLElement): boolean {
  const cls = node.classList;
  return !(cls?.contains("react-flow__minimap") || cls?.contains("react-flow__controls") || cls?.contains("react-flow__panel"));
}

function background(): string {
  return document.documentElement.classList.contains("dark") ? "#09090b" : "#ffffff";
}

export async function exportImage(canvas: HTMLElement, graph: SessionGraph, kind: "png" | "svg"): Promise<void> {
  const opts = { filter: canvasFilter, backgroundColor: background(), cacheBust: true };
  // Loaded when a person exports, not with the page.
  const { toPng, toSvg } = await import("html-to-image");
  const url = kind === "png" ? await toPng(canvas, { ...opts, pixelRatio: 2 }) : await toSvg(canvas, opts);
  download(url, `${stamp(graph)}.${kind}`);
}

/** The graph as of the seq shown: its nodes and edges exactly as the API gave them. */
export function exportJson(graph: SessionGraph): void {
  const body = JSON.stringify(
    { sessionId: graph.sessionId, stream: graph.stream, asOfSeq: graph.asOfSeq, nodes: graph.nodes, edges: graph.edges },
    null,
    2,
  );
  const url = URL.createObjectURL(new Blob([body], { type: "application/json" }));
  download(url, `${stamp(graph)}.json`);
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
