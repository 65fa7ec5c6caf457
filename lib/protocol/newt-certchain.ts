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

/** `"all"` or `{"only": [...]}` (`Scope::none()` is `{"only": []}`). */
export const caveatScopeSchema = z.union(
  [z.literal("all"), z.strictObject({ only: z.array(z.union([z.string(), u64])) })],
  { error: externalTagError(["all"], ["only"]) },
);
export type CaveatScope = z.output<typeof caveatScopeSchema>;

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
  valid_for_generation: caveatScopeSchema,
});
export type Caveats = z.output<typeof caveatsSchema>;

/** A time as the producer wrote it: RFC 3339 text or integer seconds. */
const certTimeSchema = z.union([z.string(), u64]);

export const agentMetadataSchema = z.looseObject({
  role: z.string(),
  host: z.string(),
  capabilities: z.array(z.string()),
  issued_at: certTimeSchema,
  expires_at: certTimeSchema.nullish(),
  caveats: caveatsSchema,
});
export type AgentMetadata = z.output<typeof agentMetadataSchema>;

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
