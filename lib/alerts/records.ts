import { z } from "zod";
import { ALERT_KINDS, WEBHOOK_FORMATS, type RuleView } from "@/lib/contract/alerts";

/**
 * A rule as the bucket holds it (`rule.<id>`): outside data when read back (another
 * replica or version wrote it), so parsed, never cast. The secret stays on the server.
 */
export const ruleRecord = z.object({
  id: z.string().regex(/^[a-z0-9]{1,32}$/),
  name: z.string(),
  kind: z.enum(ALERT_KINDS),
  query: z.string().nullable(),
  threshold: z.number().int().nullable(),
  windowMs: z.number().int().nullable(),
  muted: z.boolean(),
  webhook: z.object({ url: z.string(), format: z.enum(WEBHOOK_FORMATS), secret: z.string().nullable() }).nullable(),
  createdBy: z.string(),
  createdMs: z.number(),
  updatedBy: z.string(),
  updatedMs: z.number(),
});
export type RuleRecord = z.infer<typeof ruleRecord>;

export const ruleKey = (id: string) => `rule.${id}`;

/** What the browser may see of a rule: the secret only as its last four characters. */
export function ruleView(r: RuleRecord, revision: number, globalSecret: boolean): RuleView {
  const secret = r.webhook?.secret ? `…${r.webhook.secret.slice(-4)}` : globalSecret ? "global" : "none";
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    query: r.query,
    threshold: r.threshold,
    windowMs: r.windowMs,
    muted: r.muted,
    webhook: r.webhook ? { url: r.webhook.url, format: r.webhook.format, secret } : null,
    createdBy: r.createdBy,
    createdMs: r.createdMs,
    updatedBy: r.updatedBy,
    updatedMs: r.updatedMs,
    revision,
  };
}
