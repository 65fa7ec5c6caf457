import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ackInputSchema, rulePatchSchema, ruleInputSchema, type AlertsAnswer, type RuleInputParsed } from "@/lib/contract/alerts";
import { getAlerts, type AlertEngine } from "@/lib/alerts/server-alerts";
import { StoreUnavailable } from "@/lib/auth/store-link";
import { ruleKey, ruleRecord, ruleView, type RuleRecord } from "@/lib/alerts/records";
import { ruleAuditFilter } from "@/lib/alerts/rule-filter";
import { hasRole } from "@/lib/auth/roles";
import type { User } from "@/lib/auth/account-records";

/** Rule ids in URLs: what newRuleId makes. Firing ids: `<rule id>.<key>`. */
export const ruleIdParam = z.string().regex(/^[a-z0-9]{1,32}$/, { error: "not a rule id" });
export const firingIdParam = z.string().regex(/^[a-z0-9]{1,32}\.[A-Za-z0-9_.-]{1,200}$/, { error: "not a firing id" });

const noStore = { "cache-control": "no-store" };
const bad = (error: string, status = 400) => Response.json({ error }, { status, headers: noStore });
const issue = (e: z.ZodError) => `${e.issues[0]?.path.join(".") || "body"}: ${e.issues[0]?.message ?? "invalid"}`;

const UNREACHABLE = "Pilot cannot reach its alert store (NATS) right now: rules, firings and acknowledgements can be neither read nor changed until it is back. Try again in a moment.";

/** The 503 every alert route answers while the alert store cannot be reached: it says so, and when to ask again. */
export function alertStoreUnavailable(detail: string): Response {
  return Response.json({ error: UNREACHABLE, detail }, { status: 503, headers: { ...noStore, "retry-after": "5" } });
}

/**
 * Runs `fn` with this replica's alert engine. The engine not started (NATS unreachable at
 * start), the store known to be away (the connection's own events say so: answered at
 * once, not after a request's timeout), or a write refused while NATS is away is a 503
 * that says so, never a 500, a hang, or a list served as if current.
 */
export async function withAlertEngine(fn: (engine: AlertEngine) => Promise<Response>, engineOf: () => Promise<AlertEngine> = getAlerts): Promise<Response> {
  let engine: AlertEngine;
  try {
    engine = await engineOf();
  } catch (err) {
    return alertStoreUnavailable(err instanceof Error ? err.message : String(err));
  }
  // StoreUnavailable's own sentence names the accounts store: this one names the alert store's bucket and stream.
  const away = `${engine.store.names.rules} / ${engine.store.names.stream} unreachable`;
  if (!engine.store.link.isUp) return alertStoreUnavailable(away);
  try {
    return await fn(engine);
  } catch (err) {
    if (err instanceof StoreUnavailable) return alertStoreUnavailable(away);
    throw err;
  }
}

const newRuleId = () => randomBytes(8).toString("hex");

export interface Changed {
  response: Response;
  /** For the access log: what changed (never the secret or the URL's path). */
  logged?: { target: string; detail: Record<string, unknown> };
}

export async function alertsAnswer(engine: AlertEngine, user: User): Promise<AlertsAnswer> {
  await engine.store.events.catchUp();
  const globalSecret = engine.settings.globalSecret !== null;
  const rules = engine.store.rules
    .entries("rule.", ruleRecord)
    .sort((a, b) => a.value.createdMs - b.value.createdMs)
    .map((e) => ruleView(e.value, e.revision, globalSecret));
  return { rules, firings: engine.store.events.firings(), canSetWebhooks: hasRole(user.role, "admin") };
}

/** The record a form's input makes, keeping the secret it had when the input does not name one. */
function toRecord(input: RuleInputParsed, id: string, user: User, now: number, before: RuleRecord | null): RuleRecord {
  const webhook = input.webhook
    ? { url: input.webhook.url, format: input.webhook.format, secret: input.webhook.secret === undefined ? (before?.webhook?.secret ?? null) : input.webhook.secret }
    : null;
  return {
    id,
    name: input.name,
    kind: input.kind,
    query: input.kind === "audit-count" ? input.query : null,
    threshold: input.kind === "audit-count" ? input.threshold : null,
    windowMs: input.kind === "scorecard-regression" ? null : input.windowMs,
    muted: input.muted,
    webhook,
    createdBy: before?.createdBy ?? user.username,
    createdMs: before?.createdMs ?? now,
    updatedBy: user.username,
    updatedMs: now,
  };
}

/** Checks what the schema cannot: the query parses in the audit language, and only an admin touches webhooks. */
function refuse(input: RuleInputParsed, user: User, before: RuleRecord | null): Response | null {
  if (input.kind === "audit-count") {
    const f = ruleAuditFilter(input.query);
    if (!f.ok) return bad(`query: ${f.error}`);
  }
  if (!hasRole(user.role, "admin")) {
    // An auditor's form sends the webhook as it was shown (or none): any change to it is an admin's.
    const same = (input.webhook === null && !before?.webhook) || (input.webhook !== null && before?.webhook && input.webhook.url === before.webhook.url && input.webhook.format === before.webhook.format && input.webhook.secret === undefined);
    if (!same) return bad("only an admin sets or changes a rule's webhook", 403);
  }
  return null;
}

const logDetail = (r: RuleRecord) => ({ name: r.name, kind: r.kind, query: r.query, threshold: r.threshold, windowMs: r.windowMs, muted: r.muted, webhook: r.webhook ? new URL(r.webhook.url).origin : null });

export async function createRule(engine: AlertEngine, user: User, raw: unknown): Promise<Changed> {
  const parsed = ruleInputSchema.safeParse(raw);
  if (!parsed.success) return { response: bad(issue(parsed.error)) };
  const refusal = refuse(parsed.data, user, null);
  if (refusal) return { response: refusal };
  const rec = toRecord(parsed.data, newRuleId(), user, Date.now(), null);
  const rev = await engine.store.rules.create(ruleKey(rec.id), rec);
  if (rev === null) return { response: bad("a rule with that id exists: try again", 409) };
  return { response: Response.json({ rule: ruleView(rec, rev, engine.settings.globalSecret !== null) }, { status: 201, headers: noStore }), logged: { target: rec.id, detail: logDetail(rec) } };
}

export async function updateRule(engine: AlertEngine, user: User, id: string, raw: unknown): Promise<Changed> {
  const entry = await engine.store.rules.get(ruleKey(id), ruleRecord);
  if (!entry) return { response: bad(`rule ${id} not found`, 404) };
  const parsed = rulePatchSchema.safeParse(raw);
  if (!parsed.success) return { response: bad(issue(parsed.error)) };
  const now = Date.now();
  let rec: RuleRecord;
  if ("kind" in parsed.data) {
    const refusal = refuse(parsed.data, user, entry.value);
    if (refusal) return { response: refusal };
    rec = toRecord(parsed.data, id, user, now, entry.value);
  } else {
    // Muting leaves the window alone: a rule unmuted later judges windows after the change only.
    rec = { ...entry.value, muted: parsed.data.muted, updatedBy: user.username, updatedMs: now };
  }
  const rev = await engine.store.rules.update(ruleKey(id), rec, entry.revision);
  if (rev === null) return { response: bad("the rule was changed by someone else meanwhile: reload and try again", 409) };
  return { response: Response.json({ rule: ruleView(rec, rev, engine.settings.globalSecret !== null) }, { headers: noStore }), logged: { target: id, detail: logDetail(rec) } };
}

export async function deleteRule(engine: AlertEngine, id: string): Promise<Changed> {
  const entry = await engine.store.rules.get(ruleKey(id), ruleRecord);
  if (!entry) return { response: bad(`rule ${id} not found`, 404) };
  const done = await engine.store.rules.remove(ruleKey(id), entry.revision);
  if (!done) return { response: bad("the rule was changed by someone else meanwhile: reload and try again", 409) };
  return { response: new Response(null, { status: 204 }), logged: { target: id, detail: { name: entry.value.name } } };
}

export async function acknowledgeFiring(engine: AlertEngine, user: User, firingId: string, raw: unknown): Promise<Changed> {
  const body = ackInputSchema.safeParse(raw);
  if (!body.success) return { response: bad(issue(body.error)) };
  await engine.store.events.catchUp();
  const firing = engine.store.events.firing(firingId);
  if (!firing) return { response: bad(`firing ${firingId} not found`, 404) };
  const ack = { firingId, ruleId: firing.ruleId, by: user.username, atMs: Date.now(), comment: body.data.comment };
  const seq = await engine.store.publishAck(ack);
  // The page reloads right after: this replica's copy holds the acknowledgement by then.
  await engine.store.events.catchUp(seq);
  return { response: Response.json({ ack }, { status: 201, headers: noStore }), logged: { target: firingId, detail: { comment: body.data.comment } } };
}
