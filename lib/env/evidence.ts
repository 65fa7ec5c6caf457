import path from "node:path";
import { z } from "zod";

export const evidenceEnvSchema = z.object({
  // Pilot's Ed25519 key that signs evidence bundles (lib/evidence/pilot-key.ts): a PKCS#8
  // PEM file (`openssl genpkey -algorithm ed25519`). Every replica must be given the same
  // one; unset, each data directory gets its own, generated on first use.
  PILOT_EVIDENCE_KEY_FILE: z.string().min(1).optional(),
});

/** The key that signs evidence bundles: configured (shared by replicas) or this data dir's own. */
export interface EvidenceSettings {
  keyFile: string;
  configured: boolean;
}

export function evidenceSettings(e: z.infer<typeof evidenceEnvSchema>, dataDir: string): EvidenceSettings {
  return {
    keyFile: path.resolve(/*turbopackIgnore: true*/ e.PILOT_EVIDENCE_KEY_FILE ?? path.join(dataDir, "evidence-key.pem")),
    configured: e.PILOT_EVIDENCE_KEY_FILE !== undefined,
  };
}
