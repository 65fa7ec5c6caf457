import { z } from "zod";

/**
 * Alert rules, their firings, webhook deliveries and acknowledgements: the shapes the
 * rules API answers and the Rules page reads. The stored records (lib/alerts/records.ts)
 * add what the browser never sees: a rule's webhook secret.
 */

export const ALERT_KINDS = ["audit-count", "integrity", "scorecard-regression", "ingest-stalled"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const WEBHOOK_FORMATS = ["json", "slack"] as const;

/** Windows are between 10 s and an hour: a firing's dedupe key must stay inside the stream's duplicate window (two hours). */
export const MIN_WINDOW_MS = 10_000;
export const MAX_WINDOW_MS = 3_600_000;

const windowMs = z.number().int().min(MIN_WINDOW_MS, { error: "at least 10 s" }).max(MAX_WINDOW_MS, { error: "at most an hour" });

/**
 * A webhook URL: http or https only (no file:, gopher:, data: ...), no credentials in it
 * (they would be shown back), at most 2,000 characters. What this does NOT guard (private
 * addresses, DNS rebinding) is said in README, "Alert rules".
 */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000, { error: "at most 2000 characters" })
  .pipe(z.url({ protocol: /^https?$/, error: "an http:// or https:// URL" }))
  .refine((u) => {
    // A failed URL check does not stop zod from running this one: an unparsable URL is left to it.
    if (!URL.canParse(u)) return true;
    const url = new URL(u);
    return url.username === "" && url.password === "";
  }, { error: "no user name or password in the URL (use the signing secret)" });

/** A signing secret: shown back only as its last four characters. */
export const webhookSecretSchema = z.string().min(16, { error: "at least 16 characters" }).max(256, { error: "at most 256 characters" });

export const webhookInputSchema = z.object({
  url: webhookUrlSchema,
  format: z.enum(WEBHOOK_FORMATS).default("json"),
  /** Absent on an edit: keep the secret the rule has. Null: sign with the global secret (PILOT_ALERT_WEBHOOK_SECRET). */
  secret: webhookSecretSchema.nullable().optional(),
});

const ruleBase = {
  name: z.string().trim().min(1, { error: "a name" }).max(120, { error: "at most 120 characters" }),
  muted: z.boolean().default(false),
  /** Null: firings are kept and shown, nothing is sent. Only an admin may set or change it. */
  webhook: webhookInputSchema.nullable().default(null),
};

/** A rule as the create and edit forms send it (the server checks the query against the audit language too). */
export const ruleInputSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("audit-count"),
    ...ruleBase,
    query: z.string().trim().min(1, { error: "an audit query" }).max(1000, { error: "at most 1000 characters" }),
    threshold: z.number().int().min(1, { error: "at least 1" }).max(10_000_000),
    windowMs,
  }),
  z.object({ kind: z.literal("integrity"), ...ruleBase, windowMs }),
  z.object({ kind: z.literal("scorecard-regression"), ...ruleBase }),
  z.object({ kind: z.literal("ingest-stalled"), ...ruleBase, windowMs }),
]);
export type RuleInput = z.input<typeof ruleInputSchema>;
export type RuleInputParsed = z.output<typeof ruleInputSchema>;

/** A change to a rule: mute or unmute alone (auditors and admins), or the whole rule again. */
export const rulePatchSchema = z.union([z.object({ muted: z.boolean() }).strict(), ruleInputSchema]);

export const webhookViewSchema = z.object({
  url: z.string(),
  format: z.enum(WEBHOOK_FORMATS),
  /** `…abcd` (the last four characters), or "global" when signed with the global secret, or "none" when neither is set. */
  secret: z.string(),
});

export const ruleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ALERT_KINDS),
  query: z.string().nullable(),
  threshold: z.number().nullable(),
  windowMs: z.number().nullable(),
  muted: z.boolean(),
  webhook: webhookViewSchema.nullable(),
  createdBy: z.string(),
  createdMs: z.number(),
  updatedBy: z.string(),
  updatedMs: z.number(),
  revision: z.number(),
});
export type RuleView = z.infer<typeof ruleViewSchema>;

export const firingSchema = z.object({
  /** The dedupe key: rule id and the window (or run, or count) it fired for. */
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  kind: z.enum(ALERT_KINDS),
  firedMs: z.number(),
  summary: z.string(),
  /** What crossed: the count and threshold of a window, the alarms by kind, the regressed rates. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  /** The replica that published it (the one whose copy was kept). */
  replica: z.string(),
});
export type Firing = z.infer<typeof firingSchema>;

export const deliverySchema = z.object({
  firingId: z.string(),
  ruleId: z.string(),
  attempt: z.number().int().positive(),
  atMs: z.number(),
  /** The URL's origin (scheme, host, port): the path may carry a token. */
  target: z.string(),
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  /** The first bytes of the answer's body (at most 512 characters). */
  body: z.string(),
  latencyMs: z.number(),
  outcome: z.enum(["delivered", "retrying", "failed", "skipped"]),
  replica: z.string(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const ackSchema = z.object({
  firingId: z.string(),
  ruleId: z.string(),
  by: z.string(),
  atMs: z.number(),
  comment: z.string(),
});
export type Ack = z.infer<typeof ackSchema>;

export const ackInputSchema = z.object({ comment: z.string().trim().min(1, { error: "a comment" }).max(2000, { error: "at most 2000 characters" }) });

export const firingViewSchema = firingSchema.extend({ deliveries: z.array(deliverySchema), acks: z.array(ackSchema) });
export type FiringView = z.infer<typeof firingViewSchema>;

export const alertsAnswerSchema = z.object({
  rules: z.array(ruleViewSchema),
  firings: z.array(firingViewSchema),
  /** Whether the one who asked may set webhooks (admins). */
  canSetWebhooks: z.boolean(),
});
export type AlertsAnswer = z.infer<typeof alertsAnswerSchema>;
