import { base64 } from "@scure/base";
import { describe, expect, it } from "vitest";
import { validate } from "./issues";
import { parseLossless, stringifyLossless } from "./json";
import { caveatsOf, certChainDepth, certChainSchema, decodeAgentKeyEnvelope } from "./newt-certchain";
import { child, mutate } from "./test-fixtures";

const bytes = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => (seed * 31 + i * 7) % 256);

const metadata = (role: string, caveats: Record<string, unknown>) => ({
  role,
  host: "build-box-1",
  capabilities: ["complete", "fs_read"],
  issued_at: "2025-01-01T00:00:00Z",
  expires_at: null,
  caveats,
});

const TOP = {
  fs_read: "all",
  fs_write: "all",
  exec: "all",
  net: "all",
  max_calls: "unlimited",
  valid_for_generation: "all",
};
const NARROW = {
  fs_read: { only: ["/srv/ws"] },
  fs_write: { only: [] },
  exec: { only: [] },
  net: { only: ["api.openai.com"] },
  max_calls: { at_most: 50 },
  valid_for_generation: "all",
};

const ROOT = {
  agent_pubkey: bytes(32, 1),
  metadata: metadata("host", TOP),
  issuer: { User: { verifying: bytes(32, 2) } },
  issuer_sig: bytes(64, 3),
};
const DELEGATED = {
  agent_pubkey: bytes(32, 4),
  metadata: metadata("provider-plugin", NARROW),
  issuer: { Agent: { pubkey: ROOT.agent_pubkey, parent: ROOT } },
  issuer_sig: bytes(64, 5),
};
const DELEGATED_RAW = stringifyLossless(DELEGATED);

type Edit = (value: Record<string, unknown>) => void;

describe("certChainSchema", () => {
  it("accepts a user-issued chain", () => {
    const chain = certChainSchema.parse(ROOT);
    expect(certChainDepth(chain)).toBe(0);
    expect(caveatsOf(chain.metadata).max_calls).toBe("unlimited");
  });

  it("accepts a delegated chain and walks to the user", () => {
    const chain = certChainSchema.parse(parseLossless(DELEGATED_RAW));
    expect(certChainDepth(chain)).toBe(1);
    expect(caveatsOf(chain.metadata).max_calls).toEqual({ at_most: 50n });
    expect(caveatsOf(chain.metadata).fs_read).toEqual({ only: ["/srv/ws"] });
  });

  it("accepts a cert without caveats (issued before caveats existed) as unrestricted", () => {
    const raw = mutate(DELEGATED_RAW, (v) => delete child(v, "metadata").caveats);
    const chain = certChainSchema.parse(parseLossless(raw));
    expect(caveatsOf(chain.metadata)).toEqual(TOP);
  });

  it.each<[string, Edit, string]>([
    [
      "a 31-byte public key",
      (v) => (v.agent_pubkey = bytes(31, 1)),
      "agent_pubkey: expected 32 bytes, got 31",
    ],
    [
      "a byte above 255",
      (v) => (v.issuer_sig = [...bytes(63, 1), 256]),
      "issuer_sig[63]: expected a byte (0-255), got 256",
    ],
    [
      "a signature as base64 text",
      (v) => (v.issuer_sig = "AAAA"),
      "issuer_sig: expected array, got string",
    ],
    [
      "a parent with a short user key",
      (v) =>
        (child(child(child(v, "issuer"), "Agent"), "parent").issuer = {
          User: { verifying: [1, 2] },
        }),
      "issuer.Agent.parent.issuer.User.verifying: expected 32 bytes, got 2",
    ],
    [
      "an unknown issuer kind",
      (v) => (v.issuer = { Service: { key: bytes(32, 1) } }),
      'issuer: expected an object with exactly one key of "User", "Agent"; got an object with keys "Service"',
    ],
    [
      "a bad caveat scope",
      (v) => (child(child(v, "metadata"), "caveats").exec = "some"),
      'metadata.caveats.exec: expected "all" or {"only": ...}; got "some"',
    ],
    [
      "a negative call bound",
      (v) => (child(child(v, "metadata"), "caveats").max_calls = { at_most: -1 }),
      "metadata.caveats.max_calls.at_most: expected an integer from 0 to 2^64-1, got -1",
    ],
    [
      "an integer issue time (agent-mesh writes RFC 3339 text)",
      (v) => (child(v, "metadata").issued_at = 1735689600),
      "metadata.issued_at: expected string, got number",
    ],
    [
      "a path in a generation scope",
      (v) => (child(child(v, "metadata"), "caveats").valid_for_generation = { only: ["/tmp"] }),
      "metadata.caveats.valid_for_generation.only[0]: expected an integer, got string",
    ],
  ])("rejects %s", (_name, edit, reason) => {
    const result = validate(certChainSchema, parseLossless(mutate(DELEGATED_RAW, edit)));
    expect(!result.ok && result.reason).toBe(reason);
  });
});

describe("decodeAgentKeyEnvelope", () => {
  const envelope = base64.encode(new TextEncoder().encode(DELEGATED_RAW));

  it("decodes NEWT_AGENT_KEY", () => {
    const result = decodeAgentKeyEnvelope(envelope);
    expect(result.ok && certChainDepth(result.value)).toBe(1);
  });

  it.each([
    ["not base64", "not base64!", /^not a base64 JSON cert chain/],
    [
      "base64 of non-JSON",
      base64.encode(new TextEncoder().encode("hello")),
      /^not a base64 JSON cert chain/,
    ],
    [
      "base64 of the wrong JSON",
      base64.encode(new TextEncoder().encode("{}")),
      /^agent_pubkey: missing/,
    ],
  ])("reports %s", (_name, value, reason) => {
    const result = decodeAgentKeyEnvelope(value);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});
