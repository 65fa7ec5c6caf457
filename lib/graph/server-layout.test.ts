import { describe, expect, it } from "vitest";
import type { LayoutRequest } from "./elk-layout";
import type { LayoutRequestMessage } from "./layout-protocol";
import type { OpenLayoutChannel } from "./layout-requests";
import { ServerLayout, SERVER_LAYOUT_MAX_NODES } from "./server-layout";
import { layoutSessionGraph } from "./session-layout";
import { inProcessLayout as inProcess } from "./test-layout";
import { edge, node, sessionGraph } from "./test-graphs";
import { buildView } from "./view-graph";

const chain = (n: number): LayoutRequest => ({
  nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, width: 200, height: 60 })),
  edges: Array.from({ length: n - 1 }, (_, i) => ({ id: `e${i}`, from: `n${i}`, to: `n${i + 1}` })),
});

describe("ServerLayout", () => {
  it("places every node left to right along the edges", async () => {
    const { positions } = await new ServerLayout(inProcess()).layout(chain(4));
    const xs = ["n0", "n1", "n2", "n3"].map((id) => positions.get(id)?.x ?? Number.NaN);
    expect(xs.every((x, i) => i === 0 || x > (xs[i - 1] ?? Infinity))).toBe(true);
  });

  it("answers a shape it laid out before from its cache, without asking ELK again", async () => {
    const log: LayoutRequestMessage[] = [];
    const layout = new ServerLayout(inProcess(log));
    const first = await layout.layout(chain(5));
    const again = await layout.layout(chain(5));
    expect(again.positions).toEqual(first.positions);
    await layout.layout(chain(6));
    expect(log).toHaveLength(2);
  });

  it("fails what a crashed thread was asked, then starts a new thread for the next request", async () => {
    let opened = 0;
    const open: OpenLayoutChannel = (onAnswer, onFailure) => {
      opened++;
      const healthy = opened > 1 ? inProcess()(onAnswer, onFailure) : null;
      return { post: (m) => (healthy ? healthy.post(m) : setTimeout(() => onFailure(new Error("thread crashed")))), terminate: () => undefined };
    };
    const layout = new ServerLayout(open);
    await expect(layout.layout(chain(3))).rejects.toThrow("thread crashed");
    await expect(layout.layout(chain(3))).resolves.toMatchObject({ positions: expect.any(Map) });
    expect(opened).toBe(2);
  });

  it("does not let a dead thread's second report (its exit after its error) end the next thread's work", async () => {
    const dead: { reportAgain?: (e: Error) => void } = {};
    let opened = 0;
    const open: OpenLayoutChannel = (onAnswer, onFailure) => {
      opened++;
      if (opened > 1) return inProcess()(onAnswer, onFailure);
      dead.reportAgain = onFailure;
      return { post: () => setTimeout(() => onFailure(new Error("thread crashed"))), terminate: () => undefined };
    };
    const layout = new ServerLayout(open);
    await expect(layout.layout(chain(3))).rejects.toThrow("thread crashed");
    const next = layout.layout(chain(4));
    dead.reportAgain?.(new Error("the layout thread exited (code 1)"));
    await expect(next).resolves.toMatchObject({ positions: expect.any(Map) });
    expect(opened).toBe(2);
  });

  it("refuses more waiting requests than it serves, instead of queueing without end", async () => {
    const stuck: OpenLayoutChannel = () => ({ post: () => undefined, terminate: () => undefined });
    const layout = new ServerLayout(stuck);
    for (let i = 0; i < 8; i++) void layout.layout(chain(i + 2));
    await expect(layout.layout(chain(20))).rejects.toThrow("busy");
  });

  it("stops warming up as soon as a page asks for a layout", async () => {
    const log: LayoutRequestMessage[] = [];
    const layout = new ServerLayout(inProcess(log));
    const warm = layout.warmUp();
    await layout.layout(chain(3));
    await warm;
    expect(log.length).toBeLessThan(8);
  });
});

describe("layoutSessionGraph", () => {
  it("lays out the view the page opens with: a 60-sibling fan-out is one group node", async () => {
    const kids = Array.from({ length: 60 }, (_, i) => node(`k${i}`));
    const graph = sessionGraph([node("root"), ...kids], kids.map((k) => edge("root", k.id)), 42);
    const out = await layoutSessionGraph(graph, new ServerLayout(inProcess()));
    if (!out.ok) throw new Error(out.error);
    const view = buildView(graph, { expanded: new Set(), failuresOnly: false });
    expect(out.layout.ids.sort()).toEqual(view.nodes.map((n) => n.id).sort());
    expect(out.layout.ids).toHaveLength(2);
    expect(out.layout.xy).toHaveLength(4);
    expect(out.layout.asOfSeq).toBe(42);
  });

  it("leaves a view above the server's limit to the browser, saying why", async () => {
    const n = SERVER_LAYOUT_MAX_NODES + 1;
    const nodes = Array.from({ length: n }, (_, i) => node(`c${i}`));
    const graph = sessionGraph(nodes, nodes.slice(1).map((x, i) => edge(`c${i}`, x.id)));
    const out = await layoutSessionGraph(graph, new ServerLayout(inProcess()));
    expect(out).toEqual({ ok: false, status: 422, error: expect.stringContaining(`${n} nodes to lay out`) });
  });
});
