import { base64 } from "@scure/base";
import { z } from "zod";
import { validate, type Validated } from "./issues";
import { parseLossless } from "./json";
import { byteArray, externalTagError, u64 } from "./primitives";

// Newt agent keys: `NEWT_AGENT_KEY` holds a base64 JSON `CertChain` (agent-mesh-protocol).
// Byte fields are serde `[u8; N]`: JSON arrays of integers. Enum tags (`"User"`, `"only"`,
// `"at_most"`) are externally tagged objects with exactly one key, hence `strictObject`.

export const bytes32Schema = byteArray(32);
export const bytes64Schema = byteArray(64);

/**
 * `"all"` or `{"only": [...]}` (`Scope::none()` is `{"only": []}`). The list is a Rust
 * `BTreeSet`: read in any order and with repeats, it means the sorted set.
 */
function scopeSchema<T extends z.ZodType>(item: T) {
  return z.union([z.literal("all"), z.strictObject({ only: z.array(item) })], {
    error: externalTagError(["all"], ["only"]),
  });
}
/** Paths, commands and hosts (`Scope<String>`). */
export const caveatScopeSchema = scopeSchema(z.string());
export type CaveatScope = z.output<typeof caveatScopeSchema>;
/** Generation counters (`Scope<u64>`). */
export const generationScopeSchema = scopeSchema(u64);
export type GenerationScope = z.output<typeof generationScopeSchema>;

export const countBoundSchema = z.union(
  [z.literal("unlimited"), z.strictObject({ at_most: u64 })],
  {
    error: externalTagError(["unlimited"], ["at_most"]),
  },
);
export type CountBound = z.output<typeof countBoundSchema>;

export const caveatsSchema = z.looseObject({
  fs_read: caveatScopeSchema,
  fs_write: caveatScopeSchema,
  exec: caveatScopeSchema,
  net: caveatScopeSchema,
  max_calls: countBoundSchema,
  valid_for_generation: generationScopeSchema,
});
export type Caveats = z.output<typeof caveatsSchema>;

/** `Caveats::top()`: unrestricted on every axis. */
export const TOP_CAVEATS: Caveats = {
  fs_read: "all",
  fs_write: "all",
  exec: "all",
  net: "all",
  max_calls: "unlimited",
  valid_for_generation: "all",
};

/**
 * `issued_at` and `expires_at` are RFC 3339 text (`String` in agent-mesh-protocol 0.6.2;
 * `expires_at` null or absent = no declared expiry). `caveats` is absent in certs issued
 * before caveats existed: `#[serde(default)]` reads that as `Caveats::top()`
 * (unrestricted), see `caveatsOf`.
 */
export const agentMetadataSchema = z.looseObject({
  role: z.string(),
  host: z.string(),
  capabilities: z.array(z.string()),
  issued_at: z.string(),
  expires_at: z.string().nullish(),
  caveats: caveatsSchema.optional(),
});
export type AgentMetadata = z.output<typeof agentMetadataSchema>;

/** The authority a cert grants: its caveats, or unrestricted when it declares none. */
export function caveatsOf(metadata: AgentMetadata): Caveats {
  return metadata.caveats ?? TOP_CAVEATS;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Epoch ms of an RFC 3339 cert time; null when it is not one (shown as written then). */
export function certTimeMs(text: string | null | undefined): number | null {
  if (text === null || text === undefined || !RFC3339.test(text)) return null;
  const ms = Date.parse(text.replace(" ", "T"));
  return Number.isNaN(ms) ? null : ms;
}

export interface UserIssuer {
  User: { verifying: number[]; [key: string]: unknown };
}
export interface AgentIssuer {
  Agent: { pubkey: number[]; parent: CertChain; [key: string]: unknown };
}
export type CertIssuer = UserIssuer | AgentIssuer;

/** A delegation chain: each `Agent` issuer carries its own parent chain, ending at a `User`. */
export interface CertChain {
  agent_pubkey: number[];
  metadata: AgentMetadata;
  issuer: CertIssuer;
  issuer_sig: number[];
  [key: string]: unknown;
}

export const certIssuerSchema: z.ZodType<CertIssuer> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ User: z.looseObject({ verifying: bytes32Schema }) }),
      z.strictObject({ Agent: z.looseObject({ pubkey: bytes32Schema, parent: certChainSchema }) }),
    ],
    { error: externalTagError([], ["User", "Agent"]) },
  ),
);

export const certChainSchema: z.ZodType<CertChain> = z.lazy(() =>
  z.looseObject({
    agent_pubkey: bytes32Schema,
    metadata: agentMetadataSchema,
    issuer: certIssuerSchema,
    issuer_sig: bytes64Schema,
  }),
);

/** How many delegations separate the agent from the user (0 = issued by the user). */
export function certChainDepth(chain: CertChain): number {
  let depth = 0;
  let issuer = chain.issuer;
  while ("Agent" in issuer) {
    depth += 1;
    issuer = issuer.Agent.parent.issuer;
  }
  return depth;
}

/** Decodes a `NEWT_AGENT_KEY` value (base64 of the chain's JSON). Never throws. */
export function decodeAgentKeyEnvelope(envelope: string): Validated<CertChain> {
  let data: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(base64.decode(envelope.trim()));
    data = parseLossless(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `not a base64 JSON cert chain: ${message}` };
  }
  return validate(certChainSchema, data);
}
