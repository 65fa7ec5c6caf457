import { encodeUser, type ConnectionType, type Permissions } from "@nats-io/jwt";
import { createUser, fromPublic } from "@nats-io/nkeys";
import { keyPair, publicKeyOf, type NatsAuthKeys } from "./keys";

export interface MintOptions {
  /** Shown in nats-server's connection list (connz `name` of the JWT). */
  name: string;
  permissions: Permissions;
  /** Seconds from now; none for Pilot's own long-running users. */
  expiresInSeconds?: number;
  connectionTypes?: ConnectionType[];
  /** Most subscriptions at once (-1: no limit). */
  maxSubscriptions?: number;
  tags?: string[];
}

/** A user JWT for `userPublicKey`, signed by the account's signing key (nats-server checks both). */
export async function mintUserJwt(keys: NatsAuthKeys, userPublicKey: string, o: MintOptions): Promise<{ jwt: string; expiresAt: number | null }> {
  const expiresAt = o.expiresInSeconds === undefined ? null : Math.floor(Date.now() / 1000) + o.expiresInSeconds;
  const jwt = await encodeUser(
    o.name,
    fromPublic(userPublicKey),
    fromPublic(publicKeyOf(keys.account)),
    {
      ...o.permissions,
      subs: o.maxSubscriptions ?? -1,
      ...(o.connectionTypes ? { allowed_connection_types: o.connectionTypes } : {}),
      ...(o.tags ? { tags: o.tags } : {}),
    },
    { signer: keyPair(keys.signer), ...(expiresAt === null ? {} : { exp: expiresAt }) },
  );
  return { jwt, expiresAt: expiresAt === null ? null : expiresAt * 1000 };
}

/** A fresh user key and its JWT: how Pilot's server (and the demo publisher) sign in. */
export async function mintUser(keys: NatsAuthKeys, o: MintOptions): Promise<{ jwt: string; seed: Uint8Array }> {
  const user = createUser();
  const { jwt } = await mintUserJwt(keys, user.getPublicKey(), o);
  return { jwt, seed: user.getSeed() };
}
