import "server-only";
import { getConfig } from "@/lib/config";
import { loadPilotKey, type PilotKey } from "./pilot-key";

let cached: PilotKey | undefined;

/** This process's evidence key, read (or created) once. Throws with the variable's name. */
export function pilotKey(): PilotKey {
  const { evidence } = getConfig();
  cached ??= loadPilotKey(evidence.keyFile, evidence.configured);
  return cached;
}

/** What the Health page shows: the public key and its fingerprint, or why there is none. */
export function pilotKeyFacts(): { ok: true; publicKey: string; fingerprint: string; configured: boolean } | { ok: false; error: string } {
  try {
    const key = pilotKey();
    return { ok: true, publicKey: key.publicKey, fingerprint: key.fingerprint, configured: getConfig().evidence.configured };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
