import type { CaptureStatus } from "./capture/capture";
import type { IngestStatus } from "./status";

/**
 * The ingest running in this process, if any. Kept on globalThis so that the health
 * route (bundled separately by Next.js) and instrumentation see the same one, and so
 * that dev-mode module reloads do not start a second ingest.
 */
interface Registered {
  mode: "in-process" | "script";
  status: () => IngestStatus;
  capture?: () => CaptureStatus | null;
}

const holder = globalThis as typeof globalThis & { __pilotIngest?: Registered };

export function registerIngest(entry: Registered | null): void {
  if (entry) holder.__pilotIngest = entry;
  else delete holder.__pilotIngest;
}

export function isIngestRegistered(): boolean {
  return holder.__pilotIngest !== undefined;
}

/** The status of this process's ingest, or null when none runs here. */
export function getIngestStatus(): IngestStatus | null {
  return holder.__pilotIngest?.status() ?? null;
}

/** The status of this process's capture, or null when none runs here. */
export function getCaptureStatus(): CaptureStatus | null {
  return holder.__pilotIngest?.capture?.() ?? null;
}
