// `npm run bench:ingest [-- --count 200000 --audit 1000000]`: ingest rate against a bare
// consumer on the same streams (scripts/ingest/measure-rate.ts), then audit query
// latency on an index of `--audit` events. Figures, not assertions: machines are noisy.
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { z } from "zod";
import { benchAuditQueries } from "./bench/audit-queries";

const args = z
  .object({
    count: z.coerce.number().int().positive().default(200_000),
    audit: z.coerce.number().int().positive().default(1_000_000),
  })
  .parse(parseArgs({ options: { count: { type: "string" }, audit: { type: "string" } } }).values);

console.log(`Pilot bench:ingest — ${new Date().toISOString()} — node ${process.version}`);
console.log(`\n1. ingest vs bare consumer, ${args.count} demo messages`);
const run = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/ingest/measure-rate.ts", "--count", String(args.count)], {
  stdio: ["ignore", "inherit", "inherit"],
});
if (run.status !== 0) process.exitCode = 1;
console.log(`\n2. audit queries`);
await benchAuditQueries(args.audit);
