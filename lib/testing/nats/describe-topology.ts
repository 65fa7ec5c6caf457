import type { TopologyOutcome } from "@/lib/nats/ensure-topology";

export function describeTopology(outcomes: readonly TopologyOutcome[]): string {
  return outcomes
    .map((o) => `  ${o.stream.padEnd(30)} ${o.outcome === "conflict" ? o.reason : o.outcome}`)
    .join("\n");
}
