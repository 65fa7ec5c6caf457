import { parseArgs } from "node:util";
import { z } from "zod";

export const SOAK_USAGE = `npm run soak -- [--minutes 10] [--rate 5000] [--build] [--keep]
  --minutes  how long the demo publisher runs (samples every 10 s)
  --rate     the demo publisher's messages a second
  --build    run \`next build\` first (it runs anyway when .next has no build)
  --keep     keep the temporary directory (NATS store, index, app log)`;

const schema = z.object({
  minutes: z.coerce.number().positive().max(24 * 60).default(10),
  rate: z.coerce.number().positive().max(1_000_000).default(5000),
  build: z.boolean().default(false),
  keep: z.boolean().default(false),
});
export type SoakArgs = z.infer<typeof schema>;

export function parseSoakArgs(argv: string[]): { ok: true; args: SoakArgs } | { ok: false; error: string } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { minutes: { type: "string" }, rate: { type: "string" }, build: { type: "boolean" }, keep: { type: "boolean" } },
      strict: true,
    });
    const parsed = schema.safeParse(values);
    if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n") };
    return { ok: true, args: parsed.data };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
