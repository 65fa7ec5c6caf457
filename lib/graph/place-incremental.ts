export interface Point {
  x: number;
  y: number;
}
export interface Size {
  width: number;
  height: number;
}

const CELL = 256;

/** Rectangles bucketed on a coarse grid, so that an overlap test looks at a few cells only. */
class Occupancy {
  private cells = new Map<string, { x: number; y: number; w: number; h: number }[]>();
  bottom = -Infinity;

  constructor(private gap: number) {}

  private keys(x: number, y: number, w: number, h: number): string[] {
    const out: string[] = [];
    for (let cx = Math.floor(x / CELL); cx <= Math.floor((x + w) / CELL); cx++)
      for (let cy = Math.floor(y / CELL); cy <= Math.floor((y + h) / CELL); cy++) out.push(`${cx},${cy}`);
    return out;
  }

  add(p: Point, s: Size): void {
    const r = { x: p.x, y: p.y, w: s.width, h: s.height };
    for (const k of this.keys(r.x, r.y, r.w, r.h)) {
      const list = this.cells.get(k);
      if (list) list.push(r);
      else this.cells.set(k, [r]);
    }
    this.bottom = Math.max(this.bottom, p.y + s.height);
  }

  overlaps(p: Point, s: Size): boolean {
    const g = this.gap;
    for (const k of this.keys(p.x - g, p.y - g, s.width + 2 * g, s.height + 2 * g))
      for (const r of this.cells.get(k) ?? [])
        if (p.x < r.x + r.w + g && r.x < p.x + s.width + g && p.y < r.y + r.h + g && r.y < p.y + s.height + g) return true;
    return false;
  }
}

/**
 * Positions for the current view that never move what is already on screen: a node that
 * had a place keeps it; a new node goes where a fresh layout puts it relative to a
 * neighbour that was already placed (its parent first), then slides down until it
 * overlaps nothing. Without any earlier place, the fresh layout is taken as it is.
 */
export function placeIncrementally(
  previous: ReadonlyMap<string, Point>,
  fresh: ReadonlyMap<string, Point>,
  edges: readonly { from: string; to: string }[],
  sizeOf: (id: string) => Size,
  gap = 16,
): Map<string, Point> {
  const out = new Map<string, Point>();
  const occupied = new Occupancy(gap);
  for (const id of fresh.keys()) {
    const p = previous.get(id);
    if (p) {
      out.set(id, p);
      occupied.add(p, sizeOf(id));
    }
  }
  if (out.size === 0) return new Map(fresh);

  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const e of edges) {
    parents.set(e.to, [...(parents.get(e.to) ?? []), e.from]);
    children.set(e.from, [...(children.get(e.from) ?? []), e.to]);
  }
  const added = [...fresh.entries()].filter(([id]) => !out.has(id));
  // Left to right (the layout's direction): parents are placed before their children.
  added.sort(([, a], [, b]) => a.x - b.x || a.y - b.y);
  let orphanShift: number | null = null;
  for (const [id, at] of added) {
    const anchor = [...(parents.get(id) ?? []), ...(children.get(id) ?? [])].find((n) => out.has(n));
    let p: Point;
    const anchorAt = anchor === undefined ? undefined : out.get(anchor);
    const anchorFresh = anchor === undefined ? undefined : fresh.get(anchor);
    if (anchorAt && anchorFresh) {
      p = { x: anchorAt.x + at.x - anchorFresh.x, y: anchorAt.y + at.y - anchorFresh.y };
    } else {
      // Unconnected to anything on screen: below everything, keeping the fresh layout's shape.
      orphanShift ??= occupied.bottom + 4 * gap - Math.min(...added.map(([, q]) => q.y));
      p = { x: at.x, y: at.y + orphanShift };
    }
    const size = sizeOf(id);
    for (let i = 0; i < 100_000 && occupied.overlaps(p, size); i++) p = { x: p.x, y: p.y + size.height / 2 + gap };
    out.set(id, p);
    occupied.add(p, size);
  }
  return out;
}
