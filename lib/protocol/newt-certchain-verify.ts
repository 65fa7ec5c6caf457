import { strictNobleVerify, type Ed25519Verify } from "./signature";
import {
  caveatsOf,
  type AgentMetadata,
  type CaveatScope,
  type Caveats,
  type CertChain,
  type CountBound,
  type GenerationScope,
} from "./newt-certchain";
import { ed25519 } from "@noble/curves/ed25519.js";

// `CertChain::verify` / `verify_at` of agent-mesh-protocol (agent_key.rs): per link, the
// generation gate, then the issuer's Ed25519 signature over `agent_pubkey ‖
// serde_json::to_vec(metadata)`, and for a delegated link its parent's chain first and
// `caveats ⊑ parent.caveats` last. The same order, so the same error wins.

/** `MeshError` variants `CertChain::verify` can answer with. */
export type CertChainError = "bad-signature" | "invalid-chain" | "caveat-amplification" | "generation";

export type CertChainVerdict =
  | { ok: true; depth: number; caveats: Caveats }
  | { ok: false; error: CertChainError; reason: string; depth: number };

export interface CertChainVerifyOptions {
  /**
   * The current generation (`verify_at`). Without one (`verify`), a link with a bounded
   * `valid_for_generation` is refused: a scope that cannot be checked never passes.
   */
  currentGeneration?: bigint;
  /** Ed25519 check; strict RFC 8032 by default (dalek's `verify_strict` for delegated links). */
  verify?: Ed25519Verify;
}

/** Code-point order = the UTF-8 byte order of Rust's `String: Ord`. */
function byCodePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0) ?? 0);
  const y = [...b].map((c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** A `BTreeSet` as serde writes it: sorted, without repeats. */
function setOf<T extends string | bigint>(items: readonly T[]): T[] {
  const sorted = [...new Set(items)].sort((a, b) =>
    typeof a === "bigint" && typeof b === "bigint" ? (a < b ? -1 : a > b ? 1 : 0) : byCodePoint(String(a), String(b)),
  );
  return sorted;
}

function scopeJson(scope: CaveatScope | GenerationScope): string {
  if (scope === "all") return '"all"';
  const items: (string | bigint)[] = setOf<string | bigint>(scope.only);
  return `{"only":[${items.map((i) => (typeof i === "bigint" ? i.toString() : JSON.stringify(i))).join(",")}]}`;
}

function boundJson(bound: CountBound): string {
  return bound === "unlimited" ? '"unlimited"' : `{"at_most":${bound.at_most.toString()}}`;
}

/**
 * `serde_json::to_vec(&AgentMetadata)`: declaration order, unknown keys dropped, absent
 * caveats written as `Caveats::top()` (what `#[serde(default)]` read them as).
 */
export function certMetadataJson(metadata: AgentMetadata): string {
  const c = caveatsOf(metadata);
  const caveats = `{"fs_read":${scopeJson(c.fs_read)},"fs_write":${scopeJson(c.fs_write)},"exec":${scopeJson(c.exec)},"net":${scopeJson(c.net)},"max_calls":${boundJson(c.max_calls)},"valid_for_generation":${scopeJson(c.valid_for_generation)}}`;
  return `{"role":${JSON.stringify(metadata.role)},"host":${JSON.stringify(metadata.host)},"capabilities":[${metadata.capabilities.map((s) => JSON.stringify(s)).join(",")}],"issued_at":${JSON.stringify(metadata.issued_at)},"expires_at":${metadata.expires_at === null || metadata.expires_at === undefined ? "null" : JSON.stringify(metadata.expires_at)},"caveats":${caveats}}`;
}

/** The bytes a link's issuer signed. */
export function certSigningBytes(agentPubkey: readonly number[], metadata: AgentMetadata): Uint8Array {
  const meta = new TextEncoder().encode(certMetadataJson(metadata));
  const out = new Uint8Array(agentPubkey.length + meta.length);
  out.set(agentPubkey, 0);
  out.set(meta, agentPubkey.length);
  return out;
}

function scopeLeq<T extends string | bigint>(a: "all" | { only: T[] }, b: "all" | { only: T[] }): boolean {
  if (b === "all") return true;
  if (a === "all") return false;
  const within = new Set<T>(b.only);
  return a.only.every((x) => within.has(x));
}

function boundLeq(a: CountBound, b: CountBound): boolean {
  if (b === "unlimited") return true;
  if (a === "unlimited") return false;
  return a.at_most <= b.at_most;
}

/** `Caveats::leq`: `a` grants no more than `b` on every axis. */
export function caveatsLeq(a: Caveats, b: Caveats): boolean {
  return (
    scopeLeq(a.fs_read, b.fs_read) &&
    scopeLeq(a.fs_write, b.fs_write) &&
    scopeLeq(a.exec, b.exec) &&
    scopeLeq(a.net, b.net) &&
    boundLeq(a.max_calls, b.max_calls) &&
    scopeLeq(a.valid_for_generation, b.valid_for_generation)
  );
}

// A lone surrogate (from a `\ud800` escape) is no Rust `String`: serde refuses the chain.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
function hasLoneSurrogate(m: AgentMetadata): boolean {
  const c = caveatsOf(m);
  const scoped = [c.fs_read, c.fs_write, c.exec, c.net].flatMap((s) => (s === "all" ? [] : s.only));
  return [m.role, m.host, m.issued_at, m.expires_at ?? "", ...m.capabilities, ...scoped].some((s) => LONE_SURROGATE.test(s));
}

class ChainFailure extends Error {
  constructor(
    readonly error: CertChainError,
    readonly reason: string,
    readonly depth: number,
  ) {
    super(reason);
  }
}

function verifyLink(chain: CertChain, depth: number, opts: CertChainVerifyOptions, verify: Ed25519Verify): number {
  const fail = (error: CertChainError, reason: string) => new ChainFailure(error, reason, depth);
  if (hasLoneSurrogate(chain.metadata)) throw fail("invalid-chain", "the metadata holds text that is not valid Unicode");
  const generation = caveatsOf(chain.metadata).valid_for_generation;
  if (generation !== "all") {
    if (opts.currentGeneration === undefined)
      throw fail("generation", "the cert is generation-scoped and no current generation is known");
    if (!generation.only.includes(opts.currentGeneration))
      throw fail("generation", `the cert is not valid for generation ${opts.currentGeneration}`);
  }
  const message = certSigningBytes(chain.agent_pubkey, chain.metadata);
  const signature = Uint8Array.from(chain.issuer_sig);
  const issuer = chain.issuer;
  if ("User" in issuer) {
    const key = Uint8Array.from(issuer.User.verifying);
    // serde refuses a user key that is no curve point before any signature is checked.
    if (!ed25519.utils.isValidPublicKey(key, false)) throw fail("invalid-chain", "the user key is not an Ed25519 public key");
    if (!verify(signature, message, key)) throw fail("bad-signature", "the user's signature does not match this cert");
    return depth;
  }
  const { pubkey, parent } = issuer.Agent;
  if (pubkey.length !== parent.agent_pubkey.length || pubkey.some((b, i) => b !== parent.agent_pubkey[i]))
    throw fail("invalid-chain", "the delegating key is not the parent cert's agent key");
  const rootDepth = verifyLink(parent, depth + 1, opts, verify);
  const key = Uint8Array.from(pubkey);
  if (!ed25519.utils.isValidPublicKey(key, false) || !verify(signature, message, key))
    throw fail("bad-signature", "the parent agent's signature does not match this cert");
  if (!caveatsLeq(caveatsOf(chain.metadata), caveatsOf(parent.metadata)))
    throw fail("caveat-amplification", "the cert grants more than its parent holds");
  return rootDepth;
}

/**
 * Verifies a cert chain end to end as agent-mesh-protocol does. `depth` of a failure is
 * the link that failed (0 = the agent's own cert). Never throws.
 */
export function verifyCertChain(chain: CertChain, opts: CertChainVerifyOptions = {}): CertChainVerdict {
  try {
    const depth = verifyLink(chain, 0, opts, opts.verify ?? strictNobleVerify);
    return { ok: true, depth, caveats: caveatsOf(chain.metadata) };
  } catch (error) {
    if (error instanceof ChainFailure) return { ok: false, error: error.error, reason: error.reason, depth: error.depth };
    return { ok: false, error: "invalid-chain", reason: error instanceof Error ? error.message : String(error), depth: 0 };
  }
}
