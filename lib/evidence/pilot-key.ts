import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { BundleSigner } from "./bundle-writer";
import { keyFingerprint } from "./format";

/*
 * Pilot's own Ed25519 key, which signs evidence bundles. Replicas behind one load balancer
 * must sign with the same key (an auditor checks a bundle against the one fingerprint the
 * Health page shows), so a deployment gives every replica the same file through
 * PILOT_EVIDENCE_KEY_FILE; unset, the data directory gets a key of its own on first use,
 * written with mode 0600. A configured file that is missing or not an Ed25519 private key
 * stops with a message naming the variable, never a silently generated stand-in.
 */
export interface PilotKey extends BundleSigner {
  file: string;
}

const pemSchema = z
  .string()
  .regex(/-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/, "expected a PKCS#8 PEM private key (openssl genpkey -algorithm ed25519)");

const jwkSchema = z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string().min(1) });

function fromPem(pem: string, file: string, variable: string): PilotKey {
  const checked = pemSchema.safeParse(pem);
  if (!checked.success) throw new Error(`${variable}: ${file}: ${checked.error.issues[0]?.message ?? "not a key"}`);
  let key: KeyObject;
  try {
    key = createPrivateKey(checked.data);
  } catch (error) {
    throw new Error(`${variable}: ${file} cannot be read as a private key (${error instanceof Error ? error.message : String(error)})`);
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new Error(`${variable}: ${file} holds a ${key.asymmetricKeyType ?? "unknown"} key; evidence is signed with Ed25519`);
  }
  const jwk = jwkSchema.parse(createPublicKey(key).export({ format: "jwk" }));
  const raw = Buffer.from(jwk.x, "base64url");
  return {
    file,
    publicKey: raw.toString("base64"),
    fingerprint: keyFingerprint(raw),
    sign: (bytes) => sign(null, bytes, key),
  };
}

/** A fresh Ed25519 key as PKCS#8 PEM. */
export function generatePilotKeyPem(): string {
  const { privateKey } = generateKeyPairSync("ed25519");
  return privateKey.export({ format: "pem", type: "pkcs8" }).toString();
}

/**
 * The signing key from `file`. `configured`: the file was named by PILOT_EVIDENCE_KEY_FILE
 * and must exist; otherwise it is created when missing (exclusively: two processes sharing
 * a data directory at start-up end up with the one that was written first).
 */
export function loadPilotKey(file: string, configured: boolean): PilotKey {
  const variable = configured ? "PILOT_EVIDENCE_KEY_FILE" : "evidence key (PILOT_DATA_DIR)";
  if (!existsSync(file)) {
    if (configured) throw new Error(`PILOT_EVIDENCE_KEY_FILE: ${file} does not exist`);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, generatePilotKeyPem(), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
    }
  }
  return fromPem(readFileSync(file, "utf8"), file, variable);
}
