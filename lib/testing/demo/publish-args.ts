import { parseArgs } from "node:util";
import { z } from "zod";

/** Command line of `scripts/publish-demo.ts`, checked with zod. */

export const PUBLISH_USAGE = `Publish Pilot's demo traffic to NATS JetStream.

Usage: tsx scripts/publish-demo.ts [options]

  --seed <n>        PRNG seed; the same seed publishes the same messages (default 42)
  --rate <n>        average messages per second (default ~33): the simulated platform
                    gets busier or quieter, and every message still goes out at the
                    moment its timestamps say, so the dashboard sees real time
  --burst           publish as fast as the server acks, ignoring the stream's timing
                    (with --count, timestamps end at "now" instead of starting there)
  --count <n>       stop after n messages
  --duration <s>    stop after s seconds
  --start-ns <ns>   epoch nanoseconds of the stream's start (default: now)
  --server <url>    NATS URL (default $NATS_URL or nats://127.0.0.1:4222)
  --user <name>     NATS user (default $NATS_PUBLISHER_USER or "publisher")
  --pass <secret>   NATS password (default $NATS_PUBLISHER_PASSWORD); without one, the
                    publisher of Pilot's settings: a user JWT minted with the dev stack's
                    keys ($PILOT_DATA_DIR/nats-auth.json, or $PILOT_NATS_AUTH_FILE)
  --print-signers   print the seed's trusted signer keys (for PILOT_TRUSTED_SIGNERS) and exit
  --help            show this help

With no --count and no --duration it runs until Ctrl-C (SIGINT) or SIGTERM.`;

const positive = (what: string) =>
  z.coerce
    .number({ error: `${what} must be a number` })
    .refine((n) => Number.isFinite(n) && n > 0, `${what} must be > 0`);

const schema = z.object({
  seed: z.coerce
    .number({ error: "--seed must be a number" })
    .int("--seed must be an integer")
    .min(0, "--seed must be ≥ 0")
    .max(0xffff_ffff, "--seed must fit 32 bits")
    .default(42),
  rate: positive("--rate").optional(),
  count: z.coerce
    .number({ error: "--count must be a number" })
    .int("--count must be an integer")
    .positive("--count must be > 0")
    .optional(),
  duration: positive("--duration").optional(),
  "start-ns": z
    .string()
    .regex(/^\d{1,20}$/, "--start-ns must be an integer number of nanoseconds")
    .transform((s) => BigInt(s))
    .optional(),
  server: z.string().regex(/^(nats|tls|wss?):\/\/\S+$/, "--server must look like nats://host:port"),
  user: z.string().min(1, "--user must not be empty"),
  pass: z.string().optional(),
  burst: z.boolean().default(false),
  "print-signers": z.boolean().default(false),
  help: z.boolean().default(false),
});

export interface PublishArgs {
  seed: number;
  /** Average messages per second; absent: the generator's natural rate. */
  rate?: number;
  /** Publish without waiting for each message's `atMs`. */
  burst: boolean;
  count?: number;
  durationS?: number;
  startNs?: bigint;
  server: string;
  user: string;
  pass?: string;
  printSigners: boolean;
  help: boolean;
}

export type ParseResult = { ok: true; args: PublishArgs } | { ok: false; error: string };

/** Parses argv (without node and script) with the environment's defaults. Never throws. */
export function parsePublishArgs(
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
): ParseResult {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        seed: { type: "string" },
        rate: { type: "string" },
        count: { type: "string" },
        duration: { type: "string" },
        "start-ns": { type: "string" },
        server: { type: "string" },
        user: { type: "string" },
        pass: { type: "string" },
        burst: { type: "boolean" },
        "print-signers": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const parsed = schema.safeParse({
    ...values,
    server: values.server ?? env.NATS_URL ?? "nats://127.0.0.1:4222",
    user: values.user ?? env.NATS_PUBLISHER_USER ?? "publisher",
    pass: values.pass ?? env.NATS_PUBLISHER_PASSWORD,
  });
  if (!parsed.success)
    return { ok: false, error: parsed.error.issues.map((i) => i.message).join("\n") };
  const v = parsed.data;
  const args: PublishArgs = {
    seed: v.seed,
    burst: v.burst,
    server: v.server,
    user: v.user,
    printSigners: v["print-signers"],
    help: v.help,
  };
  if (v.rate !== undefined) args.rate = v.rate;
  if (v.count !== undefined) args.count = v.count;
  if (v.duration !== undefined) args.durationS = v.duration;
  if (v["start-ns"] !== undefined) args.startNs = v["start-ns"];
  if (v.pass !== undefined) args.pass = v.pass;
  return { ok: true, args };
}
