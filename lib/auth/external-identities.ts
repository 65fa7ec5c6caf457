import { NameTaken, userOf, type User } from "./account-records";
import type { AuthStore } from "./auth-store";
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
export async function externalUser(auth: AuthStore, id: ExternalIdentity, account: NewAccount, adoptLegacyProxy = false): Promise<User> {
  const { accounts } = auth;
  const linkedUser = async () => {
    const owner = await accounts.externalOwner(id.issuer, id.subject);
    return owner === null ? null : auth.getUser(owner);
  };
  const known = await linkedUser();
  if (known) return known;

  const same = await accounts.byName(account.name);
  if (adoptLegacyProxy && same?.source === "proxy" && !accounts.linked(same.id)) {
    if (await accounts.link(id.issuer, id.subject, same.id, Date.now())) return userOf(same);
  } else {
    // The link is written after the account, create-if-absent: of two first sign-ins of one
    // identity at once (on one replica or two), one links its account; the other takes its
    // own back and answers with the winner's.
    for (let attempt = 0; attempt < 8; attempt++) {
      let created;
      try {
        created = await accounts.create({ username: await freeName(auth, account.name, account.source), passwordHash: null, role: account.role, disabled: false, source: account.source, createdMs: Date.now() });
      } catch (err) {
        if (err instanceof NameTaken) continue;
        throw err;
      }
      if (await accounts.link(id.issuer, id.subject, created.id, Date.now())) return userOf(created);
      await accounts.discard(created);
      break;
    }
  }
  const winner = await linkedUser();
  if (!winner) throw new Error("the account was not created");
  return winner;
}

async function freeName(auth: AuthStore, wanted: string, source: string): Promise<string> {
  if (!(await auth.findUser(wanted))) return wanted;
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${wanted}-${source}` : `${wanted}-${source}-${n}`;
    if (!(await auth.findUser(name))) return name;
  }
}
