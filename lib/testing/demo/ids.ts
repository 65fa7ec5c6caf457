import { v4 as uuidv4, v7 as uuidv7 } from "uuid";
import type { Prng } from "./prng";

/** A UUIDv7 for the given millisecond, its random bits from the PRNG (Smith's intent ids). */
export function uuidV7(prng: Prng, msecs: number): string {
  return uuidv7({ msecs, random: prng.bytes(16) });
}

/** A UUIDv4 from the PRNG (nonces, node ids, sessions). */
export function uuidV4(prng: Prng): string {
  return uuidv4({ random: prng.bytes(16) });
}

/** Looks like a sha256 hex digest; the demo has nothing real to hash. */
export function fakeSha256(prng: Prng): string {
  return prng.hex(32);
}

/** RFC 3339 with nanoseconds, as chrono writes a `DateTime<Utc>`. */
export function rfc3339Ns(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, "0");
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac}Z`;
}
