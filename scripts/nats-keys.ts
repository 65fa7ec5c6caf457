// `npm run nats:keys`: the keys of Pilot's JWT-authenticated NATS (a cluster of
// nats/cluster-node.conf, docs/deploy.md). Creates the keys file when there is none
// (PILOT_NATS_AUTH_FILE, default <PILOT_DATA_DIR>/nats-auth.json: a secret, give it to every
// Pilot replica) and prints the environment every node needs. `-- --creds <name>` prints
// instead a .creds file for one of the platform's services (publish on smith.>, newt.>,
// skilllite.>, the JetStream API), for Smith's producers on that cluster.
import path from "node:path";
import { fmtCreds } from "@nats-io/jwt";
import { createUser } from "@nats-io/nkeys";
import { z } from "zod";
import { loadOrCreateNatsAuthKeys } from "../lib/nats/auth/keys";
import { mintUserJwt } from "../lib/nats/auth/mint-user";
import { natsServerAuth } from "../lib/nats/auth/server-config";
import { DEMO_PUBLISHER_PERMISSIONS } from "../lib/nats/auth/service-permissions";

const env = z.object({ PILOT_DATA_DIR: z.string().default(".data"), PILOT_NATS_AUTH_FILE: z.string().optional() }).parse(process.env);
const file = path.resolve(env.PILOT_NATS_AUTH_FILE ?? path.join(env.PILOT_DATA_DIR, "nats-auth.json"));
const keys = loadOrCreateNatsAuthKeys(file);
const [flag, name] = process.argv.slice(2);

if (flag === "--creds") {
  const service = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "--creds <name>: letters, digits, . _ -").parse(name);
  const user = createUser();
  const { jwt } = await mintUserJwt(keys, user.getPublicKey(), { name: service, permissions: DEMO_PUBLISHER_PERMISSIONS });
  process.stdout.write(new TextDecoder().decode(fmtCreds(jwt, user)));
} else {
  const auth = await natsServerAuth(keys);
  console.log(`# Keys: ${file} (secret; every Pilot replica gets it as PILOT_NATS_AUTH_FILE)`);
  console.log("# Every node of nats/cluster-node.conf gets these three, the same on each:");
  console.log(`PILOT_NATS_OPERATOR_JWT='${auth.operatorJwt}'`);
  console.log(`PILOT_NATS_SYSTEM_ACCOUNT='${auth.systemAccount}'`);
  console.log(`PILOT_NATS_RESOLVER_PRELOAD='${auth.resolverPreload}'`);
}
