import type { AuthStore, User } from "./auth-store";
import type { Role } from "./roles";

/** The issuer under which accounts vouched for by the trusted proxy are keyed. */
export const PROXY_ISSUER = "trusted-proxy";

export interface ExternalIdentity {
  /** The OIDC issuer (`iss`), or PROXY_ISSUER. */
  issuer: string;
  /** The OIDC subject (`sub`), or the user name the proxy sent. */
  subject: string;
}

interface NewAccount {
  /** The name to show, when no account holds it yet. */
  name: string;
  role: Role;
  source: "oidc" | "proxy";
}

/**
 * The Pilot account of an identity from outside (SSO, trusted proxy), created on first
 * sight. It is looked up by issuer + subject only: an outside name that equals a local
 * account's (`admin`) gets an account of its own, named `<name>-<source>` (then `-2`, …),
 * never the local one.
 *
 * `adoptLegacyProxy`: an account the trusted proxy created by name before identities were
 * keyed (source `proxy`, not linked yet) is the same identity, and is linked, not copied.
 */
export function externalUser(auth: AuthStore, id: ExternalIdentity, account: NewAccount, adoptLegacyProxy = false): User {
  const linkedId = () =>
    auth.db.prepare<{ user_id: number }>("SELECT user_id FROM external_identities WHERE issuer = ? AND subject = ?").get(id.issuer, id.subject)?.user_id ?? null;
  const knownId = linkedId();
  const known = knownId === null ? null : auth.getUser(knownId);
  if (known) return known;
  const link = (userId: number) =>
    auth.db.prepare("INSERT INTO external_identities (issuer, subject, user_id, created_ms) VALUES (?, ?, ?, ?)").run(id.issuer, id.subject, userId, Date.now());

  // One transaction: two first sign-ins of one identity at once end with one account.
  const create = auth.db.transaction((): number => {
    const again = linkedId();
    if (again !== null) return again;
    const same = auth.findUser(account.name);
    if (adoptLegacyProxy && same?.source === "proxy" && auth.db.prepare("SELECT 1 FROM external_identities WHERE user_id = ?").get(same.id) === undefined) {
      link(same.id);
      return same.id;
    }
    const res = auth.db
      .prepare("INSERT INTO users (username, password_hash, role, source, created_ms) VALUES (?, NULL, ?, ?, ?)")
      .run(freeName(auth, account.name, account.source), account.role, account.source, Date.now());
    const userId = Number(res.lastInsertRowid);
    link(userId);
    return userId;
  });
  const created = auth.getUser(create.immediate());
  if (!created) throw new Error("the account was not created");
  return created;
}

function freeName(auth: AuthStore, wanted: string, source: string): string {
  if (!auth.findUser(wanted)) return wanted;
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${wanted}-${source}` : `${wanted}-${source}-${n}`;
    if (!auth.findUser(name)) return name;
  }
}
