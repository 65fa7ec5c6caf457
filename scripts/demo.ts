// The demo: nats-server (unless NATS_URL points elsewhere), the app, and the demo
// publisher, until Ctrl-C. Run through `npm run demo` (scripts/demo.sh builds first).
import { spawn, type ChildProcess } from "node:child_process";
import { z } from "zod";
import { loadSettings } from "../lib/env";
import { natsAuthEnv } from "../lib/nats/auth/connect-auth";
import { describeTopology } from "../lib/testing/nats/describe-topology";
import { createTopology, startNatsStack, type RunningNats } from "../lib/testing/nats/stack";
import { demoTrustedSigners } from "../lib/testing/demo/keys";
import { startNextApp, stopGroup, waitForUrl } from "../lib/testing/demo/run-app";
import { demoAdminPassword } from "../lib/testing/demo/admin-password";
import { agentKey } from "../lib/testing/smith-double/agent";
import { DOUBLE_AGENT } from "../lib/testing/smith-double/traffic";

const argsSchema = z.object({
  seed: z.coerce.number().int().nonnegative().default(1),
  rate: z.coerce.number().positive().max(10_000).default(40),
  port: z.coerce.number().int().min(1).max(65535).default(Number(process.env.PORT ?? 3000)),
  /** Lay agentd's streams out instead of Pilot's and run the Smith deployment double. */
  smith: z.enum(["per-capability", "bootstrap"]).optional(),
});

function parseArgs(argv: string[]): z.infer<typeof argsSchema> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(seed|rate|port|smith)(?:=(.*))?$/.exec(argv[i] ?? "");
    if (!m?.[1]) throw new Error(`unknown argument ${argv[i]} (use --seed N, --rate N, --port N, --smith per-capability|bootstrap)`);
    raw[m[1]] = m[2] ?? argv[++i] ?? "";
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
  return parsed.data;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const settings = loadSettings();
  const children: ChildProcess[] = [];
  let nats: RunningNats | null = null;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\n› stopping…");
    for (const child of children.reverse()) await stopGroup(child);
    await nats?.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    if (settings.externalNats) {
      console.log(`› using the NATS at ${settings.nats.url} (NATS_URL is set)`);
      console.log(describeTopology(await createTopology(settings)));
    } else {
      console.log("› starting nats-server…");
      nats = await startNatsStack(settings, { log: console.log, topology: args.smith === undefined });
      console.log(`  ready: ${settings.nats.url}, WebSocket ${settings.nats.wsUrl}`);
      if (!args.smith) console.log(describeTopology(nats.topology));
    }

    // The demo's agents sign with these keys; the app trusts them, so the untrusted-signer
    // and tampered intents the publisher mixes in stand out.
    const trusted = process.env.PILOT_TRUSTED_SIGNERS ?? (args.smith ? agentKey(DOUBLE_AGENT).signer : demoTrustedSigners(args.seed).join(","));
    const admin = demoAdminPassword(settings.dataDir);
    // With --smith, the app is attached to "someone else's" NATS, as it would be to a real deployment.
    // A process told NATS_URL signs in as this stack does only when told how (keys or passwords).
    const authEnv = natsAuthEnv(settings);
    const attached = args.smith ? { NATS_URL: settings.nats.url, NATS_WS_URL: settings.nats.wsUrl, NATS_MONITOR_URL: settings.nats.monitorUrl ?? "", ...authEnv } : {};
    const appEnv = { ...process.env, ...attached, PILOT_TRUSTED_SIGNERS: trusted, PORT: String(args.port), PILOT_ADMIN_PASSWORD: admin };
    if (args.smith) {
      console.log(`› starting the Smith deployment double (${args.smith})…`);
      const double = spawn(process.execPath, ["--import", "tsx", "scripts/smith-double.ts", "--topology", args.smith, "--rate", String(Math.min(args.rate, 50))], {
        env: { ...process.env, NATS_URL: settings.nats.url, ...authEnv },
        stdio: ["ignore", "inherit", "inherit"],
        detached: true,
      });
      children.push(double);
    }
    console.log("› starting the app (next start)…");
    const app = startNextApp(args.port, appEnv);
    children.push(app);
    await waitForUrl(`http://127.0.0.1:${args.port}/api/health/live`, 60_000, app);

    if (args.smith) {
      console.log(`\n  Pilot is running, attached to the double's ${args.smith} layout: http://localhost:${args.port}`);
      console.log(`  Sign in as ${settings.auth.admin.user} with the password ${admin}`);
      console.log("  Ctrl-C stops everything.\n");
      return;
    }
    console.log(`› starting the demo publisher (seed ${args.seed}, ${args.rate} msg/s)…`);
    const publisher = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/publish-demo.ts", "--seed", String(args.seed), "--rate", String(args.rate)],
      {
        env: {
          ...process.env,
          NATS_URL: settings.nats.url,
          ...authEnv,
        },
        stdio: ["ignore", "inherit", "inherit"],
        detached: true,
      },
    );
    children.push(publisher);
    publisher.once("exit", (code) => {
      if (!stopping) console.log(`› the demo publisher ended (exit ${code}); the app keeps running`);
    });

    console.log(`\n  Pilot is running: http://localhost:${args.port}`);
    console.log(`  Sign in as ${settings.auth.admin.user} with the password ${admin}`);
    console.log("  Ctrl-C stops everything.\n");
  } catch (err) {
    console.error(`\n✗ ${err instanceof Error ? err.message : String(err)}`);
    await shutdown(1);
  }
}

void main();
