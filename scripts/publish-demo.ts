// `npm run publish-demo`: demo traffic for Pilot, published to NATS JetStream.
// A thin shell over lib/testing/demo: arguments, connection, signals, progress.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { connect } from "@nats-io/transport-node";
import { loadSettings } from "../lib/env";
import { serviceAuth } from "../lib/nats/auth/connect-auth";
import { createDemoGenerator, demoMessages, NATURAL_RATE } from "../lib/testing/demo/generator";
import { demoTrustedSigners } from "../lib/testing/demo/keys";
import { PUBLISH_USAGE, parsePublishArgs, type PublishArgs } from "../lib/testing/demo/publish-args";
import { formatStats, publishDemo } from "../lib/testing/demo/publisher";

export { parsePublishArgs };

async function run(args: PublishArgs): Promise<number> {
  if (args.printSigners) {
    console.log(demoTrustedSigners(args.seed).join(","));
    return 0;
  }
  // A password given says user/password; otherwise the publisher user of Pilot's settings
  // (minted with the stack's keys, or the configured or generated password).
  const auth = args.pass !== undefined ? { user: args.user, pass: args.pass } : await serviceAuth(loadSettings(process.env), "publisher");
  const nc = await connect({
    // A cluster's servers, comma-separated; it rides out a server's restart.
    servers: args.server.split(","),
    ...auth,
    name: "pilot-demo-publisher",
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
  const abort = new AbortController();
  const stop = (signal: string) => {
    if (abort.signal.aborted) process.exit(130); // a second Ctrl-C: do not wait
    console.log(`\n${signal}: stopping, waiting for acks…`);
    abort.abort();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  // The rate is reached by making the simulated platform busier, not by squeezing its
  // timeline: messages keep going out when their own timestamps say.
  const intensity = args.rate === undefined ? 1 : args.rate / NATURAL_RATE;
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  let startNs = args.startNs ?? nowNs;
  if (args.burst && args.count !== undefined && args.startNs === undefined) {
    // A burst publishes minutes of traffic at once: end it now rather than in the future.
    const last = demoMessages({ seed: args.seed, intensity }, args.count).at(-1)?.atMs ?? 0;
    startNs = nowNs - BigInt(last) * 1_000_000n;
  }
  const bounds = [
    args.count !== undefined ? `${args.count} messages` : null,
    args.durationS !== undefined ? `${args.durationS} s` : null,
  ].filter(Boolean);
  console.log(
    `Publishing demo traffic (seed ${args.seed}, ${args.burst ? "burst" : `~${args.rate ?? NATURAL_RATE} msg/s`}) to ${args.server}` +
      ` until ${bounds.length > 0 ? bounds.join(" or ") : "Ctrl-C"}`,
  );
  console.log(`Trusted signers: ${demoTrustedSigners(args.seed).join(",")}`);
  try {
    const stats = await publishDemo({
      nc,
      messages: createDemoGenerator({ seed: args.seed, startNs, intensity }),
      burst: args.burst,
      count: args.count,
      durationMs: args.durationS === undefined ? undefined : args.durationS * 1000,
      signal: abort.signal,
      onProgress: (s) => console.log(formatStats(s)),
    });
    console.log(`Done: ${formatStats(stats)}`);
    return stats.errors > 0 && stats.acked + stats.noStream === 0 ? 1 : 0;
  } finally {
    await nc.drain();
  }
}

async function main(): Promise<void> {
  const parsed = parsePublishArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`${parsed.error}\n\n${PUBLISH_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.args.help) {
    console.log(PUBLISH_USAGE);
    return;
  }
  try {
    process.exitCode = await run(parsed.args);
  } catch (error) {
    console.error(`publish-demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

// Run only as a script, so that tests can import `parsePublishArgs`.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href)
  await main();
