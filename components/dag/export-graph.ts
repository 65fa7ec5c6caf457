import type { SessionGraph } from "@/lib/contract/sessions";
import { saveBlob } from "../ui/save-blob";

/**
 * A `data:` URL's bytes as a Blob (RFC 2397: base64 or percent-encoded). Decoded here, not
 * fetched: the CSP's connect-src does not allow `data:`.
 */
function dataUrlBlob(url: string): Blob {
  const comma = url.indexOf(",");
  const meta = url.slice("data:".length, comma);
  const body = url.slice(comma + 1);
  const base64 = meta.endsWith(";base64");
  const type = meta.split(";")[0] || "text/plain";
  return new Blob([base64 ? Uint8Array.from(atob(body), (c) => c.charCodeAt(0)) : decodeURIComponent(body)], { type });
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
  const { toBlob, toSvg } = await import("html-to-image");
  const blob = kind === "png" ? await toBlob(canvas, { ...opts, pixelRatio: 2 }) : dataUrlBlob(await toSvg(canvas, opts));
  if (!blob) throw new Error("the browser drew no image of the canvas");
  saveBlob(blob, `${stamp(graph)}.${kind}`);
}

/** The graph as of the seq shown: its nodes and edges exactly as the API gave them. */
export function exportJson(graph: SessionGraph): void {
  const body = JSON.stringify(
    { sessionId: graph.sessionId, stream: graph.stream, asOfSeq: graph.asOfSeq, nodes: graph.nodes, edges: graph.edges },
    null,
    2,
  );
  saveBlob(new Blob([body], { type: "application/json" }), `${stamp(graph)}.json`);
}
