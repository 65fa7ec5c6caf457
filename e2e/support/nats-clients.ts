import { connect } from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/nats-core";
import { natsAuthKeysSchema } from "../../lib/nats/auth/keys";
import { serviceAuth, type ServiceUser } from "../../lib/nats/auth/connect-auth";
import { readFileSync } from "node:fs";
import type { StackState } from "./stack-state";

/** A TCP connection as Pilot's server user or the demo publisher, minted with the stack's keys. */
export async function connectAs(stack: StackState, who: ServiceUser): Promise<NatsConnection> {
  const keys = natsAuthKeysSchema.parse(JSON.parse(readFileSync(stack.natsAuthFile, "utf8")));
  const auth = await serviceAuth({ natsAuth: { mode: "jwt", keysFile: stack.natsAuthFile, keys }, users: NO_PASSWORDS }, who);
  return connect({ servers: stack.natsUrl, ...auth, name: `e2e-${who}` });
}

const none = { user: "", pass: "" };
const NO_PASSWORDS = { pilot: none, viewer: none, publisher: none };
