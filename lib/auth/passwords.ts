import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * scrypt (RFC 7914) through Node's crypto (OpenSSL's implementation) at OWASP's
 * recommended minimum: N = 2^17, r = 8, p = 1 (128 MiB per hash). Stored as
 * `scrypt$N$r$p$salt$hash` (base64), so the parameters can be raised later without
 * breaking old hashes. How many run at once is bounded (lib/auth/hash-slots.ts), which
 * bounds the memory a flood of sign-ins can claim.
 */
const N = 2 ** 17;
const R = 8;
const P = 1;
const KEYLEN = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEYLEN, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** True when `password` matches; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((v) => Number.isInteger(v) && v > 0) || n > 2 ** 20) return false;
  const salt = Buffer.from(parts[4] ?? "", "base64");
  const expected = Buffer.from(parts[5] ?? "", "base64");
  if (expected.length !== KEYLEN) return false;
  const key = await derive(password, salt, n, r, p);
  return timingSafeEqual(key, expected);
}

/**
 * A stored hash no password matches, with the parameters of a real one: checking a password
 * against it costs what checking a real account's costs (no user enumeration by time).
 */
export function unmatchableHash(): string {
  return `scrypt$${N}$${R}$${P}$${randomBytes(16).toString("base64")}$${randomBytes(KEYLEN).toString("base64")}`;
}

/** A password for generated accounts: 24 characters from a 62-letter alphabet (~143 bits). */
export function generatePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = randomBytes(24);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
}
