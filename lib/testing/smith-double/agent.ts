import { createHash, createPrivateKey, randomUUID, sign, type KeyObject } from "node:crypto";
import { ed25519 } from "@noble/curves/ed25519.js";
import { base64 } from "@scure/base";
import { headers, type NatsConnection } from "@nats-io/nats-core";
import { jetstream } from "@nats-io/jetstream";
import { v7 as uuidv7 } from "uuid";
import { intentSigningBytes } from "@/lib/protocol/canonical";
import { stringifyLossless } from "@/lib/protocol/json";

/** An agent's signing key, derived from a name so that tests and the demo can trust it. */
export interface AgentKey {
  signer: string;
  privateKey: KeyObject;
}

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export function agentKey(name: string): AgentKey {
  const seed = createHash("sha256").update(`smith-double:${name}`).digest();
  const { publicKey } = ed25519.keygen(seed);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
  return { signer: base64.encode(publicKey), privateKey };
}

export interface IntentInput {
  capability: string;
  params: unknown;
  key: AgentKey | null;
  ttlMs?: number;
  domain?: string;
  metadata?: Record<string, unknown>;
  /** Nanoseconds; default now. */
  createdAtNs?: bigint;
  id?: string;
}

export interface SignedIntent {
  id: string;
  capability: string;
  text: string;
}

/** An intent as Smith's agents write it (serde field order, signed over its canonical JSON). */
export function smithIntent(i: IntentInput): SignedIntent {
  const id = i.id ?? uuidv7();
  const body = (signature_b64: string) => ({
    id,
    capability: i.capability,
    domain: i.domain ?? "production",
    params: i.params,
    created_at_ns: i.createdAtNs ?? BigInt(Date.now()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1_000_000)),
    ttl_ms: i.ttlMs ?? 30_000,
    nonce: randomUUID(),
    signer: i.key?.signer ?? "",
    signature_b64,
    metadata: i.metadata ?? {},
  });
  const unsigned = body("");
  const signature = i.key ? base64.encode(sign(null, intentSigningBytes(stringifyLossless(unsigned)), i.key.privateKey)) : "";
  return { id, capability: i.capability, text: stringifyLossless({ ...unsigned, signature_b64: signature }) };
}

/** A stand-in for the `capability-digest` header agents send (a digest of the capability's spec). */
export function capabilityDigest(capability: string): string {
  return createHash("sha256").update(`capability:${capability}`).digest("hex");
}

/**
 * Publishes an intent as an agent does: JetStream publish on `smith.intents.<capability>`
 * with the `capability-digest` header (unless `digest: false`, which admission rejects).
 */
export async function publishIntent(nc: NatsConnection, intent: SignedIntent, o: { digest?: boolean; subject?: string } = {}): Promise<number> {
  const h = headers();
  if (o.digest ?? true) h.set("capability-digest", capabilityDigest(intent.capability));
  const ack = await jetstream(nc).publish(o.subject ?? `smith.intents.${intent.capability}`, intent.text, { headers: h });
  return ack.seq;
}
