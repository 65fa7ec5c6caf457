// `npm run streams`: create Pilot's default topology on the configured NATS (e.g. a
// cluster). Idempotent; never creates a stream that overlaps an existing one.
import { loadSettings } from "../lib/env";
import { createTopology } from "../lib/testing/nats/stack";
import { describeTopology } from "../lib/testing/nats/describe-topology";

const settings = loadSettings();
const outcomes = await createTopology(settings);
console.log(`Streams on ${settings.nats.url}:\n${describeTopology(outcomes)}`);
if (outcomes.some((o) => o.outcome === "conflict")) process.exitCode = 2;
