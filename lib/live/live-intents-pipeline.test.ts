import { describe, expect, it, vi } from "vitest";
import { keys, makeIntent, makeResult } from "@/e2e/support/intents";
import type { IntentFilters } from "@/lib/queries/intent-filters";
import type { IntentListRow } from "@/lib/contract/intents";
import { applyLiveBatch, IntentPagesIndex, type IntentPages } from "./intent-pages";
import { FLOOD_INTERVAL_MS, FLOOD_RATE, FRAME_MS, LiveIntentsPipeline, verifyInBrowser } from "./live-intents-pipeline";
import type { LiveMessage } from "./stream-follower";

const NO_FILTERS: IntentFilters = { capability: null, domain: null, status: null, signature: null, q: null, range: null, from: null, to: null };
const enc = new TextEncoder();
let seq = 0;
const message = (subject: string, text: string): LiveMessage => ({ stream: subject.startsWith("smith.results") ? "ATOMS_RESULTS" : "ATOMS_VETTED", seq: ++seq, subject, data: enc.encode(text), storedAtMs: Date.now() });
const intentMessage = (intent: { capability: string; text: string }) => message(`smith.intents.vetted.${intent.capability}`, intent.text);

/** A pipeline over an in-memory list, with frames run by hand. */
function harness(opts: { filters?: IntentFilters; visibleTop?: number } = {}) {
  let visibleTop = opts.visibleTop ?? 0;
  const frames: (() => void)[] = [];
  /** How each run was scheduled: "task" (at once) or "frame" (next animation frame). */
  const kinds: string[] = [];
  const index = new IntentPagesIndex();
  const verified: string[] = [];
  const checks = new Set<Promise<unknown>>();
  let data: IntentPages = { pages: [{ items: [], nextCursor: null, seq: {} }], pageParams: [null] };
  let fetching = false;
  const pipeline = new LiveIntentsPipeline({
    filters: opts.filters ?? NO_FILTERS,
    trustedSigners: () => keys.trusted.map((k) => k.signer),
    visibleTop: () => visibleTop,
    canApply: () => !fetching,
    knownIds: () => {
      index.sync(data);
      return (id) => index.has(id);
    },
    apply: (changes, consumed) => {
      const applied = applyLiveBatch(data, { ...changes, seq: consumed.seq }, index);
      data = applied.data;
      return applied;
    },
    schedule: (flush) => {
      kinds.push("frame");
      frames.push(flush);
    },
    soon: (flush) => {
      kinds.push("task");
      frames.push(flush);
    },
    verify: (raw, trusted) => {
      verified.push(raw);
      const check = verifyInBrowser(raw, trusted);
      checks.add(check);
      void check.finally(() => checks.delete(check));
      return check;
    },
  });
  /** Runs the frames asked for, then lets every check it started settle. */
  const frame = async () => {
    const pending = frames.splice(0);
    for (const f of pending) f();
    do {
      await Promise.allSettled([...checks]);
      await new Promise((r) => setTimeout(r, 0));
    } while (checks.size > 0);
  };
  const rows = (): IntentListRow[] => data.pages.flatMap((p) => p.items);
  return { pipeline, frame, rows, verified, frames, kinds, setFetching: (f: boolean) => (fetching = f), setVisibleTop: (n: number) => (visibleTop = n) };
}

describe("LiveIntentsPipeline", () => {
  it("checks the newest rows on screen before showing them, the rest when asked", async () => {
    const h = harness();
    const intents = [0, 1, 2, 3].map((i) => makeIntent({ key: keys.trusted[i % 3] ?? null }));
    for (const i of intents) h.pipeline.push(intentMessage(i));
    h.setVisibleTop(2);
    expect(h.verified).toHaveLength(0);
    await h.frame();
    expect(h.rows().map((r) => r.signatureState)).toEqual(["verified", "verified", null, null]);
    expect(h.verified).toHaveLength(2);

    const unchecked = h.rows().filter((r) => r.signatureState === null);
    h.pipeline.check(unchecked);
    h.pipeline.check(unchecked);
    await h.frame();
    await h.frame();
    expect(h.rows().map((r) => r.signatureState)).toEqual(["verified", "verified", "verified", "verified"]);
    expect(h.verified).toHaveLength(4);
    expect(h.rows().some((r) => r.pendingRaw !== undefined)).toBe(false);
  });

  it("starts the check of a lone intent on screen as it arrives", async () => {
    const h = harness({ visibleTop: 10 });
    const intent = makeIntent({ key: keys.trusted[0] });
    h.pipeline.push(intentMessage(intent));
    expect(h.verified).toEqual([intent.text]);
    await h.frame();
    expect(h.rows()[0]).toMatchObject({ id: intent.id, signatureState: "verified" });
    expect(h.verified).toHaveLength(1);
  });

  it("gives each kind of intent its verdict", async () => {
    const h = harness({ visibleTop: 10 });
    const cases = [
      [makeIntent({ key: keys.trusted[0] }), "verified"],
      [makeIntent({ key: keys.trusted[1], tamper: true }), "invalid"],
      [makeIntent({ key: null }), "unsigned"],
      [makeIntent({ key: keys.untrusted }), "untrusted-signer"],
    ] as const;
    for (const [intent] of cases) h.pipeline.push(intentMessage(intent));
    await h.frame();
    for (const [intent, state] of cases) expect(h.rows().find((r) => r.id === intent.id)?.signatureState).toBe(state);
  });

  it("checks every new row where the view is filtered by verdict, and keeps only the matching", async () => {
    const h = harness({ filters: { ...NO_FILTERS, signature: "unsigned" } });
    const signed = makeIntent({ key: keys.trusted[0] });
    const unsigned = makeIntent({ key: null });
    h.pipeline.push(intentMessage(signed));
    h.pipeline.push(intentMessage(unsigned));
    await h.frame();
    expect(h.rows().map((r) => [r.id, r.signatureState])).toEqual([[unsigned.id, "unsigned"]]);
    expect(h.verified).toHaveLength(2);
  });

  it("checks no row the filters leave out", async () => {
    const h = harness({ filters: { ...NO_FILTERS, domain: "kept" }, visibleTop: 10 });
    h.pipeline.push(intentMessage(makeIntent({ key: keys.trusted[0], domain: "other" })));
    h.pipeline.push(intentMessage(makeIntent({ key: keys.trusted[0], domain: "kept" })));
    await h.frame();
    expect(h.rows().map((r) => r.domain)).toEqual(["kept"]);
    expect(h.verified).toHaveLength(1);
  });

  it("waits while the list is being fetched, a frame at a time, then applies everything once", async () => {
    const h = harness();
    h.setFetching(true);
    const intent = makeIntent({ key: null });
    h.pipeline.push(intentMessage(intent));
    await h.frame();
    await h.frame();
    expect(h.rows()).toHaveLength(0);
    expect(h.kinds.slice(1)).toEqual(["frame", "frame"]);
    h.setFetching(false);
    await h.frame();
    expect(h.rows().map((r) => r.id)).toEqual([intent.id]);
  });

  it("holds a batch whose checks end while a fetch is in flight until it lands", async () => {
    const h = harness({ visibleTop: 5 });
    const intent = makeIntent({ key: keys.trusted[0] });
    h.pipeline.push(intentMessage(intent));
    const pending = h.frames.splice(0);
    for (const f of pending) f();
    h.setFetching(true);
    await h.frame();
    await h.frame();
    expect(h.rows()).toHaveLength(0);
    h.setFetching(false);
    await h.frame();
    expect(h.rows()[0]).toMatchObject({ id: intent.id, signatureState: "verified" });
  });

  it("keeps a result that comes before its intent until the intent does", async () => {
    const h = harness();
    const intent = makeIntent({ key: null });
    h.pipeline.push(message(`smith.results.${intent.id}`, makeResult(intent.id)));
    await h.frame();
    expect(h.rows()).toHaveLength(0);
    h.pipeline.push(intentMessage(intent));
    await h.frame();
    expect(h.rows()[0]).toMatchObject({ id: intent.id, status: "ok" });
  });

  it("applies nothing once stopped", async () => {
    const h = harness({ visibleTop: 5 });
    h.pipeline.push(intentMessage(makeIntent({ key: keys.trusted[0] })));
    h.pipeline.stop();
    await h.frame();
    h.pipeline.push(intentMessage(makeIntent({ key: keys.trusted[0] })));
    await h.frame();
    expect(h.rows()).toHaveLength(0);
    expect(h.frames).toHaveLength(0);
  });

  it("patches a lone message at once, and what follows within the frame at the next one", async () => {
    // Time stands still: the second message comes within the frame of the first patch.
    const now = vi.spyOn(performance, "now").mockReturnValue(1000);
    try {
      const h = harness();
      h.pipeline.push(intentMessage(makeIntent({ key: null })));
      await h.frame();
      h.pipeline.push(intentMessage(makeIntent({ key: null })));
      h.pipeline.push(intentMessage(makeIntent({ key: null })));
      await h.frame();
      now.mockReturnValue(1001 + FRAME_MS);
      h.pipeline.push(intentMessage(makeIntent({ key: null })));
      await h.frame();
      expect(h.kinds).toEqual(["task", "frame", "task"]);
      expect(h.rows()).toHaveLength(4);
    } finally {
      now.mockRestore();
    }
  });

  it("under a flood, redraws at most every FLOOD_INTERVAL_MS; slow traffic every frame", async () => {
    // Time is set by hand: a batch's rate is its size over the time since the last one.
    let t = 1000;
    const now = vi.spyOn(performance, "now").mockImplementation(() => t);
    try {
      const h = harness({ visibleTop: 3 });
      h.pipeline.push(intentMessage(makeIntent({ key: null })));
      await h.frame();
      // 30 messages in a second: a screenful and more, but a trickle. Drawn at once.
      t += 1000;
      for (let i = 0; i < 30; i++) h.pipeline.push(intentMessage(makeIntent({ key: null })));
      await h.frame();
      h.pipeline.push(intentMessage(makeIntent({ key: null })));
      expect(h.frames).toHaveLength(1);
      await h.frame();
      // A frame's worth at FLOOD_RATE: the next redraw waits its turn.
      t += 100;
      const burst = Math.ceil((FLOOD_RATE * 100) / 1000);
      for (let i = 0; i < burst; i++) h.pipeline.push(intentMessage(makeIntent({ key: null })));
      await h.frame();
      expect(h.rows()).toHaveLength(32 + burst);
      h.pipeline.push(intentMessage(makeIntent({ key: null })));
      expect(h.frames).toHaveLength(0);
      await new Promise((r) => setTimeout(r, FLOOD_INTERVAL_MS + 20));
      expect(h.frames).toHaveLength(1);
      await h.frame();
      expect(h.rows()).toHaveLength(33 + burst);
    } finally {
      now.mockRestore();
    }
  });
});
