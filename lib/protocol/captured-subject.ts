/**
 * Where Pilot keeps what it captured. Against a real deployment Pilot cannot create a
 * stream on the platform's own subjects (nats-server refuses overlapping streams, and the
 * executor's WorkQueue streams already hold them), so it republishes each message it
 * captures under its own prefix into a stream of its own. Everything that reads a captured
 * message (ingest, the browser's live views) reads it under its original subject.
 */
export const CAPTURE_STREAM = "PILOT_CAPTURE";
export const CAPTURE_PREFIX = "pilot.capture.";
export const CAPTURE_SUBJECTS = "pilot.capture.>";

/** `smith.results.x` → `pilot.capture.smith.results.x`. */
export function capturedSubject(subject: string): string {
  return CAPTURE_PREFIX + subject;
}

/** The platform subject a message was published on, whether it was captured or not. */
export function originalSubject(subject: string): string {
  return subject.startsWith(CAPTURE_PREFIX) ? subject.slice(CAPTURE_PREFIX.length) : subject;
}
