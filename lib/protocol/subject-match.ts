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
