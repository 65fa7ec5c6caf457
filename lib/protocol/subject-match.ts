/**
 * NATS subject filters, in Node and the browser alike: discovery decides what a stream
 * holds with it, and the live views which consumer a subject belongs to.
 */
/** Whether `filter` matches every subject `subject` can stand for (subject ⊆ filter). */
export function subjectCoveredBy(subject: string, filter: string): boolean {
  const st = subject.split(".");
  const ft = filter.split(".");
  for (let i = 0; ; i++) {
    const s = st[i];
    const f = ft[i];
    if (f === ">") return s !== undefined;
    if (s === undefined || f === undefined) return s === undefined && f === undefined;
    if (s === ">") return false;
    if (f === "*") continue;
    if (s === "*" || s !== f) return false;
  }
}

/**
 * The subjects both filters match, as one filter, or null when they share none: two
 * streams may not overlap (discovery, topology), and a live view narrows what it wants to
 * what its role may read.
 */
export function intersectFilters(a: string, b: string): string | null {
  const at = a.split(".");
  const bt = b.split(".");
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const x = at[i];
    const y = bt[i];
    if (x === ">") return y === undefined ? null : [...out, ...bt.slice(i)].join(".");
    if (y === ">") return x === undefined ? null : [...out, ...at.slice(i)].join(".");
    if (x === undefined || y === undefined) return x === y ? out.join(".") : null;
    if (x === "*") out.push(y);
    else if (y === "*" || x === y) out.push(x);
    else return null;
  }
}
