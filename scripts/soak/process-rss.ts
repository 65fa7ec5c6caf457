import { readdirSync, readFileSync } from "node:fs";

/** The process group of a `/proc/<pid>/stat` line: the field after state, past the parenthesised name. */
function processGroup(stat: string): number | null {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const pgrp = Number(fields[2]);
  return Number.isInteger(pgrp) ? pgrp : null;
}

function vmRssKb(status: string): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return m ? Number(m[1]) : 0;
}

/** Resident memory of every process in the group `pgid` (`next start` and its workers), in MB. */
export function groupRssMb(pgid: number): number {
  let kb = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (processGroup(readFileSync(`/proc/${entry}/stat`, "utf8")) !== pgid) continue;
      kb += vmRssKb(readFileSync(`/proc/${entry}/status`, "utf8"));
    } catch {
      // the process ended between the listing and the read
    }
  }
  return kb / 1024;
}
