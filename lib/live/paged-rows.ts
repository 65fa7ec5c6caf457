/**
 * The rows of paged data seen as one list, without flattening it: building costs the
 * number of pages, reading a row a binary search over them. The Intents list may hold
 * 100k rows and changes every frame while live; copying it each time is what this avoids.
 */
export class PagedRows<T> {
  /** Index of each page's first row. */
  private readonly starts: number[] = [];
  readonly length: number;

  constructor(private readonly pages: readonly { readonly items: readonly T[] }[]) {
    let total = 0;
    for (const page of pages) {
      this.starts.push(total);
      total += page.items.length;
    }
    this.length = total;
  }

  at(index: number): T | undefined {
    if (index < 0 || index >= this.length) return undefined;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return this.pages[lo]?.items[index - (this.starts[lo] ?? 0)];
  }
}
