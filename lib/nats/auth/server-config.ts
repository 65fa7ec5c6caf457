import { encodeAccount, encodeOperator, type OperatorLimits } from "@nats-io/jwt";
import { keyPair, publicKeyOf, type NatsAuthKeys } from "./keys";

/** What nats-server needs of the keys: the operator JWT, the system account, the account JWTs. */
export interface NatsServerAuth {
  operatorJwt: string;
  systemAccount: string;
  /** `resolver_preload` as a config map, passed through the environment (the config parses it). */
  resolverPreload: string;
}

// A missing limit reads as 0 (nothing allowed) to nats-server: every one is said.
const UNLIMITED: OperatorLimits = {
  subs: -1,
  data: -1,
  payload: -1,
  imports: -1,
  exports: -1,
  wildcards: true,
  conn: -1,
  leaf: -1,
};

/** The JWTs of the memory resolver: regenerated at each start from the same keys. */
export async function natsServerAuth(keys: NatsAuthKeys): Promise<NatsServerAuth> {
  const operator = keyPair(keys.operator);
  const systemAccount = publicKeyOf(keys.system);
  const pilotAccount = publicKeyOf(keys.account);
  const operatorJwt = await encodeOperator("pilot", operator, { system_account: systemAccount });
  const systemJwt = await encodeAccount("SYS", keyPair(keys.system), { limits: UNLIMITED }, { signer: operator });
  const accountJwt = await encodeAccount(
    "PILOT",
    keyPair(keys.account),
    {
      limits: { ...UNLIMITED, mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1 },
      signing_keys: [publicKeyOf(keys.signer)],
    },
    { signer: operator },
  );
  return {
    operatorJwt,
    systemAccount,
    resolverPreload: `{ ${systemAccount}: "${systemJwt}", ${pilotAccount}: "${accountJwt}" }`,
  };
}
