import { ed25519 } from "@noble/curves/ed25519.js";
import { base64 } from "@scure/base";
import { strictNobleVerify, type Ed25519VerifyAsync } from "@/lib/protocol/signature";

// A deployment has few signers: an imported key and a key's order are worth keeping.
const MAX_KEYS = 4096;
const imported = new Map<string, Promise<CryptoKey | null>>();
const smallOrder = new Map<string, boolean>();

function remember<V>(map: Map<string, V>, id: string, value: V): V {
  if (map.size >= MAX_KEYS) map.clear();
  map.set(id, value);
  return value;
}

/** A copy backed by a plain ArrayBuffer, which is what WebCrypto's types ask for. */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/** The key for WebCrypto, or null where this browser has no Ed25519 there (or refused it). */
function webCryptoKey(id: string, publicKey: Uint8Array): Promise<CryptoKey | null> {
  const known = imported.get(id);
  if (known) return known;
  const subtle = typeof crypto === "object" ? crypto.subtle : undefined;
  const key = subtle
    ? subtle.importKey("raw", own(publicKey), { name: "Ed25519" }, false, ["verify"]).catch(() => null)
    : Promise.resolve(null);
  return remember(imported, id, key);
}

function isSmallOrder(id: string, publicKey: Uint8Array): boolean {
  const known = smallOrder.get(id);
  if (known !== undefined) return known;
  let small: boolean;
  try {
    small = ed25519.Point.fromBytes(publicKey, false).isSmallOrder();
  } catch {
    // Not a point at all: the strict check below says no for it.
    small = false;
  }
  return remember(smallOrder, id, small);
}

/**
 * Ed25519 with the browser's native WebCrypto where it has it (Chromium 137+), with the
 * verdicts of noble's strict check (`strictNobleVerify`), which stays the fallback.
 *
 * Why the two always agree: WebCrypto (BoringSSL) checks s < L, and compares the
 * encoding of [s]B - [k]A with R byte for byte, so a "yes" from it means R and A are
 * canonical and the cofactorless equation holds, which implies noble's cofactored one.
 * BoringSSL does not refuse small-order keys, noble's strict mode does: those are refused
 * here first. Where WebCrypto says "no", noble decides (a crafted signature can pass the
 * cofactored equation only), so a "no" costs a pure-JS check; real traffic rarely has one.
 */
export const webCryptoEd25519Verify: Ed25519VerifyAsync = async (signature, message, publicKey) => {
  const id = base64.encode(publicKey);
  if (isSmallOrder(id, publicKey)) return false;
  const key = await webCryptoKey(id, publicKey);
  if (key) {
    const native = await crypto.subtle.verify("Ed25519", key, own(signature), own(message)).catch(() => false);
    if (native) return true;
  }
  return strictNobleVerify(signature, message, publicKey);
};
