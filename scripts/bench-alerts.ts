// `npm run bench:alerts [-- --rate 10000 --seconds 30 --tick 1000]`: 50 alert rules
// evaluated while audit events are written at the rate (scripts/bench/alert-rules.ts).
import { parseArgs } from "node:util";
import { z } from "zod";
import { benchAlertRules } from "./bench/alert-rules";

const args = z
  .object({
    rate: z.coerce.number().int().positive().default(10_000),
    seconds: z.coerce.number().positive().default(30),
    tick: z.coerce.number().int().positive().default(1_000),
  })
  .parse(parseArgs({ options: { rate: { type: "string" }, seconds: { type: "string" }, tick: { type: "string" } } }).values);

await benchAlertRules({ rate: args.rate, seconds: args.seconds, tickMs: args.tick });
