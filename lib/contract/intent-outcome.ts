/*
 * What an intent came to, as the list, the detail page and the integrity view show it.
 * Two outcomes are derived rather than written by a producer:
 * - `no-result`: no result once the TTL and a grace period have passed. Smith's admission
 *   pipeline publishes nothing when it rejects an intent (bad or untrusted signature,
 *   missing capability-digest header, expired TTL, schema error), and a result published
 *   with core NATS where no stream keeps it is lost: "pending" would then last forever.
 *   It depends on the time of asking, so it is computed when asked, never stored.
 * - `timeout` / `killed` from a result reported as `error` / `EXECUTION_OTHER` (see
 *   resultOutcome in lib/protocol/smith-result.ts): the original status is kept beside it.
 */

/** How long after its TTL an intent may still get a result, unless configured. */
export const DEFAULT_NO_RESULT_GRACE_MS = 60_000;

const NS_PER_MS = 1_000_000n;

/** When an intent without a result starts to read "no result": expiry + grace, in epoch ms. */
export function noResultAtMs(expiresAtNs: string, graceMs: number): number {
  return Number(BigInt(expiresAtNs) / NS_PER_MS) + graceMs;
}

/** The status to show: `pending` turns into `no-result` once expiry + grace has passed. */
export function shownStatus<S extends string>(
  row: { status: S; expiresAtNs: string },
  nowMs: number,
  graceMs: number,
): S | "no-result" {
  return row.status === "pending" && nowMs >= noResultAtMs(row.expiresAtNs, graceMs) ? "no-result" : row.status;
}

/**
 * How the result itself put it, when the outcome shown is derived from it: a timeout the
 * executor reported as `error` / `EXECUTION_OTHER` says so. Null when the two agree.
 */
export function reportedAs(row: { status: string; resultStatus: string | null; errorCode: string | null }): string | null {
  if (row.resultStatus === null || (row.status !== "timeout" && row.status !== "killed")) return null;
  if (row.resultStatus === row.status) return null;
  return row.errorCode ? `${row.resultStatus} / ${row.errorCode}` : row.resultStatus;
}

/**
 * Why Smith's executor may have published no result for an intent (agentd
 * src/admission_pipeline.rs: every one of these ends the intent without publishing).
 */
export const ADMISSION_REJECTIONS: readonly string[] = [
  "the payload did not decode as an Intent (malformed JSON or a field of the wrong shape)",
  "the capability-digest header was missing, or differed from the executor's capability digest",
  "its signer is not in the executor's trusted-signer directory, or its signature does not verify (checked only when a trusted-signer directory is configured)",
  "its TTL had expired when the executor took it (this freshness check runs after the signature check, so only where a trusted-signer directory is configured)",
  "it failed the executor's JSON Schema validation, or its runner refused its params",
  "no runner or sandbox profile exists for its capability on that executor",
  "the executor had already processed an intent with this id and held no result of it to send again",
];

/** Why a result may have no intent in Pilot's index. */
export const ORPHAN_REASONS: readonly string[] = [
  "the intent was consumed from a WorkQueue stream (Smith's JS_INTENTS_<CAP>) while Pilot was not capturing its subject: the executor's ack deleted it before Pilot could read it",
  "the intent was published before Pilot's history of that subject starts (before Pilot first attached, or older than the stream's age limit when Pilot first read it)",
  "the intent was published on a subject Pilot does not read (see which subjects each source covers on the Health page)",
];
