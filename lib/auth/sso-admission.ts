import { z } from "zod";

/** Who may come in through single sign-on (PILOT_OIDC_ALLOWED_DOMAINS / _GROUPS / _GROUPS_CLAIM). */
export interface SsoPolicy {
  /** Lower-case e-mail domains, matched exactly; empty = any. */
  allowedDomains: readonly string[];
  /** Group names, matched exactly; empty = any. */
  allowedGroups: readonly string[];
  /** The ID token claim that lists the person's groups. */
  groupsClaim: string;
}

export type Admission =
  | { ok: true; issuer: string; subject: string; name: string }
  | { ok: false; reason: string };

const NAME = /^[A-Za-z0-9._@-]{1,100}$/;

const claimsSchema = z.object({
  iss: z.string().min(1),
  sub: z.string().min(1).max(255),
  preferred_username: z.string().optional().catch(undefined),
  email: z.string().optional().catch(undefined),
  // Some providers (Cognito among them) send the string "true".
  email_verified: z.union([z.boolean(), z.enum(["true", "false"]).transform((s) => s === "true")]).optional().catch(undefined),
});

const anyClaims = z.record(z.string(), z.unknown()).catch({});
const groupsSchema = z.union([z.array(z.string()), z.string().transform((s) => [s])]).catch([]);

/**
 * Whether a verified ID token's claims may sign in, and as whom. The account is keyed on
 * issuer + subject, never on a name or an e-mail (both are the provider user's to choose).
 * An e-mail counts only when the provider says it verified it: for the domain check and
 * for the name shown. With neither domains nor groups configured, every account of the
 * provider is admitted.
 */
export function admit(rawClaims: unknown, policy: SsoPolicy): Admission {
  const parsed = claimsSchema.safeParse(rawClaims);
  if (!parsed.success) return { ok: false, reason: "the ID token has no issuer or subject" };
  const c = parsed.data;
  const email = c.email_verified === true && c.email && /^[^@\s]+@[^@\s]+$/.test(c.email) ? c.email : null;
  if (policy.allowedDomains.length > 0) {
    if (!email) return { ok: false, reason: c.email ? "the provider has not verified the account's e-mail" : "the account has no e-mail" };
    const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
    if (!policy.allowedDomains.includes(domain)) return { ok: false, reason: `e-mail domain ${domain} is not allowed` };
  }
  if (policy.allowedGroups.length > 0) {
    const groups = groupsSchema.parse(anyClaims.parse(rawClaims)[policy.groupsClaim]);
    if (!groups.some((g) => policy.allowedGroups.includes(g))) return { ok: false, reason: `not in an allowed group (claim ${policy.groupsClaim})` };
  }
  const name = [c.preferred_username, email].find((n): n is string => typeof n === "string" && NAME.test(n)) ?? `sso-${c.sub.replace(/[^A-Za-z0-9._@-]/g, "_").slice(0, 96)}`;
  return { ok: true, issuer: c.iss, subject: c.sub, name };
}
