import type { InfiniteData } from "@tanstack/react-query";
import type { AuditEntry, IntentResult, SignatureState } from "@/lib/protocol";
import { encodeCursor } from "@/lib/contract/page-cursor";
import type { IntentListPage, IntentListRow } from "@/lib/contract/intents";
import { newestFirst } from "./decode-intent-batch";
import { withPolicy, withResult, withVerdict } from "./intent-patches";

export type IntentPages = InfiniteData<IntentListPage, unknown>;

/**
 * Rows per page the live layer adds. Live rows go into pages of their own at the front
 * of the list, never into one ever-growing first page: a batch then copies one small
 * page and the page array, not the whole list.
 */
export const LIVE_PAGE_ROWS = 256;

/**
 * Rows the list keeps while the view follows the top. At thousands of intents a second a
 * tab left open would otherwise hold every row it ever saw; the older ones go and come
 * back from the API, page by page, when the reader scrolls down to them.
 */
export const KEEP_ROWS_AT_TOP = 2_000;

/**
 * How long live rows stay in the list whatever the limit. A dropped row comes back from the
 * API, which has it only once ingest has indexed it: rows that arrived this recently may not
 * be indexed yet (ingest lags under load), and a page fetched over them would skip them.
 */
export const LIVE_ROWS_SETTLE_MS = 30_000;

// The pages this module made (by identity), and when each last took rows in: the newest
// one fills up before a new one starts; pages from the API are in the index already.
const liveAt = new WeakMap<IntentListPage, number>();

/** One frame's worth of changes to the list. */
export interface LiveBatch {
  /** New rows, newest first, already matched against the view's filters. */
  fresh: readonly IntentListRow[];
  results: ReadonlyMap<string, IntentResult>;
  policies: ReadonlyMap<string, AuditEntry>;
  /** Signature verdicts the browser computed for rows already in the list. */
  verdicts: ReadonlyMap<string, SignatureState>;
  /** The last sequence applied per stream, as of this batch. */
  seq: Record<string, number>;
}

export interface Applied {
  data: IntentPages;
  /** Rows that entered the list. */
  added: number;
  /** Results and decisions whose intent is not in the list (yet). */
  orphanResults: Map<string, IntentResult>;
  orphanPolicies: Map<string, AuditEntry>;
}

interface Slot {
  page: IntentListPage;
}

/**
 * Which page holds which intent id, kept beside the cached pages so that a patch finds
 * its row without scanning the list. It follows the data it last saw: pages appended by
 * a next-page fetch are added; any other change from outside is a rebuild.
 */
export class IntentPagesIndex {
  private data: IntentPages | null = null;
  private readonly slotById = new Map<string, Slot>();
  private readonly slotByPage = new Map<IntentListPage, Slot>();

  sync(data: IntentPages): void {
    if (data === this.data) return;
    const old = this.data;
    const appended = old !== null && data.pages.length >= old.pages.length && old.pages.every((p, i) => data.pages[i] === p);
    if (!appended) {
      this.slotById.clear();
      this.slotByPage.clear();
    }
    for (const page of data.pages.slice(appended ? old.pages.length : 0)) this.add(page);
    this.data = data;
  }

  has(id: string): boolean {
    return this.slotById.has(id);
  }

  slot(id: string): Slot | undefined {
    return this.slotById.get(id);
  }

  /** Records the list as it is after a batch (what the cache now holds). */
  settle(data: IntentPages): void {
    this.data = data;
  }

  remove(page: IntentListPage): void {
    const slot = this.slotByPage.get(page);
    if (!slot) return;
    this.slotByPage.delete(page);
    for (const row of page.items) if (this.slotById.get(row.id) === slot) this.slotById.delete(row.id);
  }

  add(page: IntentListPage): void {
    const slot = { page };
    this.slotByPage.set(page, slot);
    for (const row of page.items) this.slotById.set(row.id, slot);
  }

  /** `next` replaces `prev` (same rows, some patched; or rows added at its front). */
  replace(prev: IntentListPage, next: IntentListPage): void {
    const slot = this.slotByPage.get(prev);
    if (!slot) return this.add(next);
    this.slotByPage.delete(prev);
    slot.page = next;
    this.slotByPage.set(next, slot);
    for (let i = 0; i < next.items.length - prev.items.length; i++) {
      const row = next.items[i];
      if (row) this.slotById.set(row.id, slot);
    }
  }
}

function patched(row: IntentListRow, batch: LiveBatch): IntentListRow {
  const policy = batch.policies.get(row.id);
  const result = batch.results.get(row.id);
  const verdict = batch.verdicts.get(row.id);
  let next = row;
  if (policy) next = withPolicy(next, policy);
  if (result) next = withResult(next, result);
  if (verdict && next.signatureState === null) next = withVerdict(next, verdict);
  return next;
}

/**
 * The list with one batch applied: new rows in live pages at the front, results,
 * decisions and verdicts patched into their rows wherever they are. Costs the batch, the
 * pages it touches and the page array, never the whole list.
 */
export function applyLiveBatch(
  data: IntentPages,
  batch: LiveBatch,
  index: IntentPagesIndex,
  keepRows = Number.POSITIVE_INFINITY,
  now = Date.now(),
): Applied {
  index.sync(data);
  const taken = new Set<string>();
  const fresh: IntentListRow[] = [];
  for (const row of batch.fresh) {
    if (index.has(row.id) || taken.has(row.id)) continue;
    taken.add(row.id);
    fresh.push(patched(row, batch));
  }

  const touched = new Map<Slot, Set<string>>();
  const touch = (id: string): boolean => {
    if (taken.has(id)) return true;
    const slot = index.slot(id);
    if (!slot) return false;
    const ids = touched.get(slot) ?? new Set<string>();
    ids.add(id);
    touched.set(slot, ids);
    return true;
  };
  const orphanResults = new Map([...batch.results].filter(([id]) => !touch(id)));
  const orphanPolicies = new Map([...batch.policies].filter(([id]) => !touch(id)));
  for (const id of batch.verdicts.keys()) touch(id);

  const pages = data.pages.slice();
  let pageParams = data.pageParams;
  /** `next` replaces the page at `at`; `grewAt`: it took live rows in then. */
  const replaceAt = (at: number, next: IntentListPage, grewAt?: number) => {
    const prev = pages[at];
    if (!prev) return;
    const prevAt = liveAt.get(prev);
    if (prevAt !== undefined) liveAt.set(next, grewAt ?? prevAt);
    index.replace(prev, next);
    pages[at] = next;
  };

  for (const [slot, ids] of touched) {
    const at = pages.indexOf(slot.page);
    if (at >= 0) replaceAt(at, { ...slot.page, items: slot.page.items.map((row) => (ids.has(row.id) ? patched(row, batch) : row)) });
  }

  if (fresh.length > 0) {
    const head = pages[0];
    if (head && liveAt.has(head) && head.items.length + fresh.length <= LIVE_PAGE_ROWS) {
      replaceAt(0, { ...head, items: [...fresh, ...head.items] }, now);
    } else {
      const added: IntentListPage[] = [];
      for (let i = 0; i < fresh.length; i += LIVE_PAGE_ROWS) {
        const page: IntentListPage = { items: fresh.slice(i, i + LIVE_PAGE_ROWS), nextCursor: null, seq: head?.seq ?? {} };
        liveAt.set(page, now);
        index.add(page);
        added.push(page);
      }
      pages.unshift(...added);
      // A refetch starts from the first page's param: null, the newest API page.
      pageParams = [...added.map(() => null), ...pageParams];
    }
  }

  // The newest page carries the sequences applied: a remounted view resumes after them.
  const first = pages[0];
  if (first) replaceAt(0, { ...first, seq: { ...first.seq, ...batch.seq } });

  const next = withoutOldRows({ pages, pageParams }, keepRows, index, now);
  index.settle(next);
  return { data: next, added: fresh.length, orphanResults, orphanPolicies };
}

/**
 * The list cut to about `keepRows` rows, whole pages at a time (with a page of slack, so
 * that it is cut once a page, not every frame), never dropping a live page younger than
 * LIVE_ROWS_SETTLE_MS. The last page kept gets a cursor after the oldest row kept, so the
 * next page fetched is exactly the rows that went. Live rows are in arrival order, not
 * quite the list's: a dropped row that sorts before the oldest kept one (made later,
 * arrived earlier) stays, or the fetch would skip it.
 */
function withoutOldRows(data: IntentPages, keepRows: number, index: IntentPagesIndex, now: number): IntentPages {
  const { pages } = data;
  let total = 0;
  let cut = -1;
  for (let i = 0; i < pages.length; i++) {
    total += pages[i]?.items.length ?? 0;
    if (cut < 0 && total >= keepRows) cut = i;
  }
  if (cut < 0 || total <= keepRows + LIVE_PAGE_ROWS) return data;
  // Older pages are further down: the unsettled ones are the first live pages.
  let keep = cut + 1;
  for (let i = pages.length - 1; i > cut; i--) {
    const page = pages[i];
    const at = page ? liveAt.get(page) : undefined;
    if (at !== undefined && now - at < LIVE_ROWS_SETTLE_MS) {
      keep = i + 1;
      break;
    }
  }
  const last = pages[keep - 1];
  if (!last || keep >= pages.length) return data;

  const kept = pages.slice(0, keep);
  let oldest: IntentListRow | undefined;
  for (const page of kept) for (const row of page.items) if (!oldest || newestFirst(oldest, row) < 0) oldest = row;
  if (!oldest) return data;
  const stay: IntentListRow[] = [];
  for (const page of pages.slice(keep)) {
    for (const row of page.items) if (newestFirst(row, oldest) < 0) stay.push(row);
    index.remove(page);
  }
  const tail: IntentListPage = { ...last, items: stay.length ? [...last.items, ...stay] : last.items, nextCursor: encodeCursor([oldest.createdMs, oldest.id]) };
  const lastAt = liveAt.get(last);
  if (lastAt !== undefined) liveAt.set(tail, lastAt);
  index.remove(last);
  index.add(tail);
  kept[keep - 1] = tail;
  return { pages: kept, pageParams: data.pageParams.slice(0, keep) };
}
