import { describe, expect, it } from "vitest";
import { PagedRows } from "./paged-rows";

describe("PagedRows", () => {
  it("reads across pages, empty ones included, as the flattened list would", () => {
    const pages = [{ items: [0, 1] }, { items: [] }, { items: [2] }, { items: [] }, { items: [3, 4, 5] }];
    const rows = new PagedRows(pages);
    const flat = pages.flatMap((p) => p.items);
    expect(rows.length).toBe(flat.length);
    for (let i = -1; i <= flat.length; i++) expect(rows.at(i)).toBe(flat[i]);
  });

  it("is empty without pages", () => {
    expect(new PagedRows<number>([]).length).toBe(0);
    expect(new PagedRows<number>([]).at(0)).toBeUndefined();
  });
});
