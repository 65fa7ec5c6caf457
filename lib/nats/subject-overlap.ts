/**
 * Whether two NATS subject filters can match a common subject. nats-server refuses two
 * streams whose subjects overlap, and Pilot must say which stream is in the way before
 * asking it to create one. `*` matches one token, `>` one or more trailing tokens.
 */
export function subjectsOverlap(a: string, b: string): boolean {
  const at = a.split(".");
  const bt = b.split(".");
  for (let i = 0; ; i++) {
    const x = at[i];
    const y = bt[i];
    if (x === undefined || y === undefined) return x === undefined && y === undefined;
    if (x === ">" || y === ">") return true;
    if (x !== "*" && y !== "*" && x !== y) return false;
  }
}

// Shared with the browser, which follows subjects the same way.
export { subjectCoveredBy } from "@/lib/protocol/subject-match";
