/** An intent's signature verdict (see lib/protocol/signature.ts). */
export const SIGNATURE_STATES = ["verified", "invalid", "unsigned", "untrusted-signer"] as const;
export type SignatureStateName = (typeof SIGNATURE_STATES)[number];
