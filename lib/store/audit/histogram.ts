import "server-only";
import type { AuditHistogram } from "@/lib/contract/audit";
import type { AuditFilter } from "./filter";
import { eachMatch, selectAudit } from "./select";
import type { ReadContext } from "../core/read-context";

const HOUR_MS = 3_600_000;

/**
 * The range a histogram spans: the filter's, an open end closed by the matching events'
 * earliest / latest time (so the default view never cuts live data off), or by now and
 * an hour when nothing matches.
 */
function spanOf(f: AuditFilter, min: number, max: number, now: number): [number, number] {
  const any = min <= max;
  let to = f.to ?? (any ? max + 1 : Math.max(now, (f.from ?? -Infinity) + HOUR_MS));
  const from = f.from ?? (any ? min : to - HOUR_MS);
  if (f.to === undefined && to <= from) to = from + 1;
  return [from, to];
}

/** Matching events per bucket over the range; the counts sum to the list's total. */
export function auditHistogram(
  ctx: ReadContext,
  f: AuditFilter,
  buckets: number,
  now = Date.now(),
): AuditHistogram {
  return ctx.snapshot(() => {
    const seq = ctx.seqs();
    const sel = selectAudit(ctx, f);
    let min = Infinity;
    let max = -Infinity;
    if (f.from === undefined || f.to === undefined) {
      eachMatch(sel, (_id, t) => {
        if (t < min) min = t;
        if (t > max) max = t;
      });
    }
    const [fromMs, toMs] = spanOf(f, min, max, now);
    const span = Math.max(1, toMs - fromMs);
    const bucketMs = Math.max(1, Math.ceil(span / buckets));
    const counts = new Array<number>(Math.max(1, Math.ceil(span / bucketMs))).fill(0);
    let total = 0;
    eachMatch(sel, (_id, t) => {
      const b = Math.floor((t - fromMs) / bucketMs);
      counts[b] = (counts[b] ?? 0) + 1;
      total++;
    });
    return { fromMs, toMs, bucketMs, counts, total, seq };
  });
}
