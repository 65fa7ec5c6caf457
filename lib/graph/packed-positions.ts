import type { Point } from "./place-incremental";

/** Places as two flat lists, the way they cross a thread or the network: ids, and x0, y0, x1, y1, … */
export function packPositions(positions: ReadonlyMap<string, Point>): { ids: string[]; xy: Float64Array<ArrayBuffer> } {
  const ids = [...positions.keys()];
  const xy = new Float64Array(ids.length * 2);
  ids.forEach((id, i) => {
    const p = positions.get(id);
    xy[2 * i] = p?.x ?? 0;
    xy[2 * i + 1] = p?.y ?? 0;
  });
  return { ids, xy };
}

export function unpackPositions(ids: readonly string[], xy: ArrayLike<number>): Map<string, Point> {
  const positions = new Map<string, Point>();
  ids.forEach((id, i) => positions.set(id, { x: xy[2 * i] ?? 0, y: xy[2 * i + 1] ?? 0 }));
  return positions;
}
