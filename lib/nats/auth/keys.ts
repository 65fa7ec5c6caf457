import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createAccount, createOperator, fromSeed, type KeyPair } from "@nats-io/nkeys";
import { z } from "zod";

/**
 * The keys of Pilot's decentralized NATS auth (nats-server operator mode): the operator,
 * the system account, the account every Pilot stream lives in, and that account's signing
 * key, with which Pilot mints its own users and each browser session's short-lived one.
 * Node-only but not `server-only`: the NATS stack script writes the server's config from
 * them. Generated on first use into the data dir (git-ignored), never committed.
 */
const seed = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}[A-Z2-7]{56}$`), `expected an nkey seed starting with ${prefix}`);

export const natsAuthKeysSchema = z.object({
  operator: seed("SO"),
  system: seed("SA"),
  account: seed("SA"),
  signer: seed("SA"),
});
export type NatsAuthKeys = z.infer<typeof natsAuthKeysSchema>;

const td = new TextDecoder();
const seedOf = (kp: KeyPair) => td.decode(kp.getSeed());

export function generateNatsAuthKeys(): NatsAuthKeys {
  return {
    operator: seedOf(createOperator()),
    system: seedOf(createAccount()),
    account: seedOf(createAccount()),
    signer: seedOf(createAccount()),
  };
}

/** Reads the keys file, or creates it (mode 0600) when there is none. */
export function loadOrCreateNatsAuthKeys(file: string): NatsAuthKeys {
  if (existsSync(file)) return natsAuthKeysSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  const fresh = generateNatsAuthKeys();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(fresh, null, 2) + "\n", { mode: 0o600 });
  return fresh;
}

export function keyPair(seedText: string): KeyPair {
  return fromSeed(new TextEncoder().encode(seedText));
}

export function publicKeyOf(seedText: string): string {
  return keyPair(seedText).getPublicKey();
}
