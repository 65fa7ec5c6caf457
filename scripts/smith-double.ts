// `npm run smith-double -- --topology per-capability|bootstrap [--rate 5]`: a stand-in for a
// real agentd deployment on the NATS of NATS_URL (as the publisher user): lays out agentd's
// streams, runs its executor and agents that publish signed intents and, per session, a
// planner workflow (agentd's planner events), until Ctrl-C.
// `npm run demo -- --smith <topology>` starts it beside Pilot.
import { randomUUID } from "node:crypto";
import { connect } from "@nats-io/transport-node";
import { serviceAuth } from "../lib/nats/auth/connect-auth";
import { jetstreamManager } from "@nats-io/jetstream";
import { z } from "zod";
import { loadSettings } from "../lib/env";
import { agentKey } from "../lib/testing/smith-double/agent";
import { startSmithExecutor } from "../lib/testing/smith-double/executor";
import { layOutSmith } from "../lib/testing/smith-double/topology";
import { DOUBLE_AGENT, publishAgentIntent, publishPlannerWorkflow } from "../lib/testing/smith-double/traffic";

const argsSchema = z.object({
  topology: z.enum(["per-capability", "bootstrap"]),
  rate: z.coerce.number().positive().max(1000).default(5),
});

function parseArgs(argv: string[]) {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(topology|rate)(?:=(.*))?$/.exec(argv[i] ?? "");
    if (!m?.[1]) throw new Error(`unknown argument ${argv[i]} (use --topology per-capability|bootstrap, --rate N)`);
    raw[m[1]] = m[2] ?? argv[++i] ?? "";
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
  return parsed.data;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const settings = loadSettings();
  const nc = await connect({ servers: settings.nats.servers, ...(await serviceAuth(settings, "publisher")), name: "smith-double" });
  const jsm = await jetstreamManager(nc);
  const consumers = await layOutSmith(jsm, args.topology);
  console.log(`› smith double: ${args.topology} topology (${consumers.map((c) => c.stream).join(", ")}), executor running`);
  const key = agentKey(DOUBLE_AGENT);
  const executor = startSmithExecutor(nc, { consumers, trustedSigners: [key.signer] });
  let stopping = false;
  const stop = () => (stopping = true);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  let session = randomUUID();
  for (let n = 0; !stopping; n++) {
    if (n % 25 === 0) {
      session = randomUUID();
      // The session's planner workflow runs beside its intents, as agentd's planner would.
      const failed = (err: unknown) => console.error(`smith double: planner workflow: ${err instanceof Error ? err.message : String(err)}`);
      if (!stopping) void publishPlannerWorkflow(nc, session, n / 25).catch(failed);
    }
    await publishAgentIntent(nc, key, n, session).catch((err: unknown) => console.error(`smith double: ${err instanceof Error ? err.message : String(err)}`));
    await new Promise((r) => setTimeout(r, 1000 / args.rate));
  }
  await executor.stop();
  await nc.drain();
  console.log(`› smith double stopped: ${executor.counts.received} intents received, ${executor.counts.answered} answered`);
  return 0;
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(`smith double: ${err instanceof Error ? err.message : String(err)}`);
  return 1;
});
