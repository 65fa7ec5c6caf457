import type { IngestStatus } from "../../lib/ingest/status";

/** One line per source, for the ingest process's periodic report. */
export function formatStatus(status: IngestStatus): string {
  return status.sources
    .map((s) => {
      const parts = [
        `${s.stream.padEnd(28)} ${s.state.padEnd(8)}`,
        `seq ${s.lastAppliedSeq}`,
        `lag ${s.lag ?? "?"}`,
        `${s.rate.toFixed(0)} msg/s`,
        `applied ${s.applied}`,
        `dup ${s.duplicates}`,
        `quarantined ${s.quarantined}`,
      ];
      const problem = s.state === "running" ? null : s.lastError;
      return parts.join("  ") + (problem ? `  (${problem})` : "");
    })
    .join("\n");
}
