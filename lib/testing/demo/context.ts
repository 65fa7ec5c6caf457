import { KNOWN_CAPABILITIES, type KnownCapability } from "@/lib/protocol/smith-intent";
import { demoKeys, type DemoKeys } from "./keys";
import { fakeSha256 } from "./ids";
import { Prng } from "./prng";

/** Every capability Smith knows: the demo exercises them all. */
export const CAPABILITIES = KNOWN_CAPABILITIES;
export type Capability = KnownCapability;

export const DOMAINS = ["production", "staging", "research", "ci"] as const;
export type Domain = (typeof DOMAINS)[number];

export const EXECUTORS: Record<Domain, readonly string[]> = {
  production: ["exec-prod-a1", "exec-prod-b2"],
  staging: ["exec-stg-01"],
  research: ["exec-lab-01"],
  ci: ["exec-ci-01", "exec-ci-02"],
};

/** 2025-06-01T09:00:00Z: the default start, so that a seed alone fixes the stream. */
export const DEFAULT_START_NS = 1_748_768_400_000_000_000n;

/** What every flow shares: the seed's keys, digests and the clock. */
export interface DemoContext {
  seed: number;
  startNs: bigint;
  keys: DemoKeys;
  /** sha256-looking digest of each capability bundle (header `capability-digest`). */
  capabilityDigests: Record<Capability, string>;
}

export function createContext(seed: number, startNs: bigint): DemoContext {
  const prng = Prng.derive(seed, "context");
  const capabilityDigests = Object.fromEntries(
    CAPABILITIES.map((c) => [c, fakeSha256(prng)]),
  ) as Record<Capability, string>;
  return { seed, startNs, keys: demoKeys(seed), capabilityDigests };
}

/** Nanoseconds since the epoch at `atMs` into the stream, with sub-millisecond jitter. */
export function nsAt(ctx: DemoContext, atMs: number, prng: Prng): bigint {
  return ctx.startNs + BigInt(Math.round(atMs)) * 1_000_000n + BigInt(prng.int(0, 999_999));
}

/** Milliseconds since the epoch at `atMs` into the stream. */
export function epochMsAt(ctx: DemoContext, atMs: number): number {
  return Number(ctx.startNs / 1_000_000n) + Math.round(atMs);
}

/** Rounds a float to `digits` decimals so that it is written short (0.0123, not 0.01230000001). */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
