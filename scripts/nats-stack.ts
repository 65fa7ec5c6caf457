// `npm run nats`: Pilot's nats-server with its config and streams, until Ctrl-C.
import { loadSettings } from "../lib/env";
import { startNatsStack } from "../lib/testing/nats/stack";
import { describeTopology } from "../lib/testing/nats/describe-topology";

const settings = loadSettings();
if (settings.externalNats) {
  console.error(`NATS_URL is set (${settings.nats.url}): Pilot uses that server and starts none.`);
  process.exit(1);
}
const stack = await startNatsStack(settings);
console.log(`nats-server ready: ${settings.nats.url}  websocket ${settings.nats.wsUrl}`);
console.log(describeTopology(stack.topology));
const shutdown = () => void stack.stop().then(() => process.exit(0));
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
