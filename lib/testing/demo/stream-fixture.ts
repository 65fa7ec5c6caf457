import { parseLossless } from "@/lib/protocol/json";
import { demoMessages } from "./generator";
import type { DemoMessage } from "./types";

/** Shared by the generator tests: the first 5,000 messages of seed 42, and readers. */

export const SEED = 42;
export const messages = demoMessages({ seed: SEED }, 5000);
export const wellFormed = messages.filter((m) => !m.malformed);

export function json(m: DemoMessage): Record<string, unknown> {
  const v = parseLossless(m.payload);
  if (v === null || typeof v !== "object" || Array.isArray(v))
    throw new Error(`not an object: ${m.subject}`);
  return v as Record<string, unknown>;
}

export function bySubject(prefix: string): DemoMessage[] {
  return wellFormed.filter((m) => m.subject.startsWith(prefix));
}

export interface Snapshot {
  id: string;
  metadata: Record<string, string>;
}

export function graphDeltas() {
  return bySubject("smith.events.graph.").map((m) => {
    const data = json(m).data as { nodes_added: Snapshot[]; nodes_removed: string[] };
    return { session: m.subject.slice("smith.events.graph.".length), atMs: m.atMs, data };
  });
}
