import { ed25519 } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import { parseLossless, stringifyLossless } from "./json";
import { caveatsOf, certChainSchema, certTimeMs, TOP_CAVEATS, type CertChain } from "./newt-certchain";
import { certMetadataJson, certSigningBytes, verifyCertChain } from "./newt-certchain-verify";

// Chains signed here exactly as agent-mesh-protocol signs them (`sign_payload`), then
// read back through the wire schema from JSON, as a NEWT_AGENT_KEY would arrive.

const secret = (seed: number) => Uint8Array.from({ length: 32 }, (_, i) => (seed * 53 + i * 11) % 256);
const pub = (seed: number) => [...ed25519.getPublicKey(secret(seed))];

/** Metadata as a producer writes it: any key order, maybe without caveats. */
type Meta = Record<string, unknown>;

function readChain(value: unknown): CertChain {
  return certChainSchema.parse(parseLossless(stringifyLossless(value)));
}

/** Signs `meta` for `agentSeed` with `signerSeed`'s key; the signed bytes come from the typed reading. */
function link(agentSeed: number, signerSeed: number, meta: Meta, issuer: unknown): Record<string, unknown> {
  const unsigned = { agent_pubkey: pub(agentSeed), metadata: meta, issuer, issuer_sig: Array(64).fill(0) };
  const typed = readChain(unsigned);
  const sig = ed25519.sign(certSigningBytes(typed.agent_pubkey, typed.metadata), secret(signerSeed));
  return { ...unsigned, issuer_sig: [...sig] };
}
const root = (agentSeed: number, meta: Meta) => link(agentSeed, 100, meta, { User: { verifying: pub(100) } });
const delegated = (agentSeed: number, meta: Meta, parent: Record<string, unknown>, parentSeed: number) =>
  link(agentSeed, parentSeed, meta, { Agent: { pubkey: pub(parentSeed), parent } });

const OLD_META: Meta = { role: "host", host: "build-box-1", capabilities: ["complete"], issued_at: "2026-05-28T12:00:00Z", expires_at: null };
const scoped = (caveats: Record<string, unknown>): Meta => ({
  role: "provider-plugin",
  host: "build-box-1",
  capabilities: ["complete"],
  issued_at: "2026-05-28T12:00:00.250+02:00",
  expires_at: "2026-05-29T12:00:00Z",
  caveats: { ...TOP_CAVEATS, ...caveats },
});

describe("cert chains as agent-mesh-protocol 0.6.2 writes and verifies them", () => {
  it("reads a cert without caveats (older certs) as unrestricted, and verifies it", () => {
    const chain = readChain(root(1, OLD_META));
    expect(chain.metadata.caveats).toBeUndefined();
    expect(caveatsOf(chain.metadata)).toEqual(TOP_CAVEATS);
    expect(verifyCertChain(chain)).toEqual({ ok: true, depth: 0, caveats: TOP_CAVEATS });
  });

  it("signs the metadata as serde writes it: declaration order, absent caveats as top, unknown keys dropped", () => {
    const chain = readChain(root(1, { expires_at: null, extra: 1, issued_at: "2026-05-28T00:00:00Z", capabilities: [], host: "h", role: "w" }));
    expect(certMetadataJson(chain.metadata)).toBe(
      '{"role":"w","host":"h","capabilities":[],"issued_at":"2026-05-28T00:00:00Z","expires_at":null,"caveats":{"fs_read":"all","fs_write":"all","exec":"all","net":"all","max_calls":"unlimited","valid_for_generation":"all"}}',
    );
    expect(verifyCertChain(chain).ok).toBe(true);
  });

  it("reads RFC 3339 times with offsets and fractions, and a null or absent expiry", () => {
    const chain = readChain(root(1, scoped({})));
    expect(certTimeMs(chain.metadata.issued_at)).toBe(Date.UTC(2026, 4, 28, 10, 0, 0, 250));
    expect(certTimeMs(chain.metadata.expires_at)).toBe(Date.UTC(2026, 4, 29, 12));
    expect(certTimeMs(readChain(root(1, OLD_META)).metadata.expires_at)).toBeNull();
    const { expires_at: _gone, ...noExpiry } = OLD_META;
    expect(certChainSchema.safeParse(parseLossless(stringifyLossless(root(1, noExpiry)))).success).toBe(true);
  });

  it("accepts a delegation that narrows its parent; the only-lists are sets", () => {
    const parent = root(1, scoped({ fs_read: { only: ["/srv/ws", "/tmp"] }, max_calls: { at_most: 50 } }));
    const child = delegated(2, scoped({ fs_read: { only: ["/tmp", "/srv/ws", "/tmp"] }, max_calls: { at_most: 8 }, net: { only: [] } }), parent, 1);
    expect(verifyCertChain(readChain(child))).toMatchObject({ ok: true, depth: 1 });
  });

  it.each<[string, Meta]>([
    ["widens a path scope", scoped({ fs_read: "all" })],
    ["raises the call bound", scoped({ fs_read: { only: ["/tmp"] }, max_calls: { at_most: 51 } })],
    ["declares no caveats (unrestricted) under a restricted parent", OLD_META],
  ])("refuses a delegation that %s, though every signature matches", (_name, meta) => {
    const parent = root(1, scoped({ fs_read: { only: ["/srv/ws", "/tmp"] }, max_calls: { at_most: 50 } }));
    expect(verifyCertChain(readChain(delegated(2, meta, parent, 1)))).toMatchObject({ ok: false, error: "caveat-amplification", depth: 0 });
  });

  it("refuses a bounded valid_for_generation without a current generation, and checks it with one", () => {
    const chain = readChain(root(1, scoped({ valid_for_generation: { only: [7, 3] } })));
    expect(verifyCertChain(chain)).toMatchObject({ ok: false, error: "generation" });
    expect(verifyCertChain(chain, { currentGeneration: 7n }).ok).toBe(true);
    expect(verifyCertChain(chain, { currentGeneration: 8n })).toMatchObject({ ok: false, error: "generation" });
  });

  it("checks the generation of every link, the parent's too", () => {
    const parent = root(1, scoped({ valid_for_generation: { only: [3] } }));
    const child = readChain(delegated(2, scoped({ valid_for_generation: { only: [3] } }), parent, 1));
    expect(verifyCertChain(child, { currentGeneration: 3n }).ok).toBe(true);
    expect(verifyCertChain(child)).toMatchObject({ ok: false, error: "generation", depth: 0 });
  });

  it("refuses tampered metadata, a wrong parent key and a forged root", () => {
    const good = root(1, scoped({}));
    const tampered = readChain({ ...good, metadata: { ...scoped({}), role: "admin" } });
    expect(verifyCertChain(tampered)).toMatchObject({ ok: false, error: "bad-signature" });
    const child = delegated(2, scoped({}), good, 1);
    const rewired = readChain({ ...child, issuer: { Agent: { pubkey: pub(9), parent: good } } });
    expect(verifyCertChain(rewired)).toMatchObject({ ok: false, error: "invalid-chain" });
    const forged = readChain(delegated(2, scoped({}), link(1, 99, scoped({}), { User: { verifying: pub(100) } }), 1));
    expect(verifyCertChain(forged)).toMatchObject({ ok: false, error: "bad-signature", depth: 1 });
  });

  it("refuses integer times (agent-mesh writes RFC 3339 text)", () => {
    const good = root(1, OLD_META);
    const raw = stringifyLossless({ ...good, metadata: { ...OLD_META, issued_at: 1735689600 } });
    expect(certChainSchema.safeParse(parseLossless(raw)).success).toBe(false);
  });
});
