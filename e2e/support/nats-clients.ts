import { connect } from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/nats-core";
import type { StackState } from "./stack-state";

export function connectAs(stack: StackState, who: "pilot" | "viewer" | "publisher"): Promise<NatsConnection> {
  const { user, pass } = stack.users[who];
  return connect({ servers: stack.natsUrl, user, pass, name: `e2e-${who}` });
}
