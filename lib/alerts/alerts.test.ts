import { describe, expect, it } from "vitest";
import { ruleInputSchema, rulePatchSchema, webhookUrlSchema } from "@/lib/contract/alerts";
import { backoffDelay, backoffSchedule, isRetryable } from "./backoff";
import { alertNames, alertStoreDenies } from "./alert-names";
import { signPayload, verifySignature } from "./signature";
import { ruleView, type RuleRecord } from "./records";

const SECRET = "whsec-0123456789abcdef";

describe("webhook signatures", () => {
  const body = JSON.stringify({ type: "pilot.alert.firing", firing: { id: "r1.w0" } });

  it("sign the timestamp and the exact body, and verify back", () => {
    const header = signPayload(SECRET, body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, body, header, 1_800_000_010)).toEqual({ ok: true, t: 1_800_000_000 });
  });

  it("match the HMAC-SHA256 a receiver computes by hand (t + '.' + body)", async () => {
    const { createHmac } = await import("node:crypto");
    const mac = createHmac("sha256", SECRET).update(`1700000000.${body}`).digest("hex");
    expect(signPayload(SECRET, body, 1_700_000_000)).toBe(`t=1700000000,v1=${mac}`);
  });

  it("refuse another secret, a changed body, a moved timestamp, a stale one and a malformed header", () => {
    const header = signPayload(SECRET, body, 1_800_000_000);
    expect(verifySignature("another-secret-0000", body, header, 1_800_000_000)).toMatchObject({ ok: false, reason: "signature does not match" });
    expect(verifySignature(SECRET, body.replace("r1", "r2"), header, 1_800_000_000)).toMatchObject({ ok: false, reason: "signature does not match" });
    expect(verifySignature(SECRET, body, header.replace("t=1800000000", "t=1800000001"), 1_800_000_000)).toMatchObject({ ok: false });
    expect(verifySignature(SECRET, body, header, 1_800_000_000 + 301)).toMatchObject({ ok: false, reason: "timestamp outside the tolerance" });
    expect(verifySignature(SECRET, body, "v1=abc", 1_800_000_000)).toMatchObject({ ok: false, reason: "malformed signature header" });
    expect(verifySignature(SECRET, body, null, 1_800_000_000)).toMatchObject({ ok: false });
  });
});

describe("the retry schedule", () => {
  const s = { baseMs: 1000, capMs: 10_000, maxAttempts: 7 };

  it("doubles from the base after an immediate first attempt, capped", () => {
    expect(backoffSchedule(s)).toEqual([0, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoffDelay(1, s)).toBe(0);
    expect(backoffDelay(3, { ...s, baseMs: 250 })).toBe(500);
  });

  it("retries no answer, 408, 429 and 5xx, not other 4xx", () => {
    expect([null, 408, 429, 500, 502, 503].every(isRetryable)).toBe(true);
    expect([400, 401, 403, 404, 410, 422].some(isRetryable)).toBe(false);
  });
});

describe("the rule schema", () => {
  const audit = { kind: "audit-count", name: "denial burst", query: "decision:deny", threshold: 5, windowMs: 60_000 };

  it("takes an audit-count rule and defaults muted and webhook", () => {
    expect(ruleInputSchema.parse(audit)).toMatchObject({ ...audit, muted: false, webhook: null });
  });

  it("takes http and https webhooks only, without credentials in them", () => {
    expect(webhookUrlSchema.safeParse("https://hooks.slack.com/services/T/B/x").success).toBe(true);
    expect(webhookUrlSchema.safeParse("http://127.0.0.1:8080/hook").success).toBe(true);
    for (const bad of ["file:///etc/passwd", "gopher://x/", "ftp://x/", "javascript:alert(1)", "data:text/plain,x", "https://user:pw@example.com/", "not a url", `https://x.example/${"a".repeat(2000)}`])
      expect(webhookUrlSchema.safeParse(bad).success, bad).toBe(false);
  });

  it("refuses windows outside 10 s .. 1 h, thresholds under 1, short secrets and unknown kinds", () => {
    expect(ruleInputSchema.safeParse({ ...audit, windowMs: 5_000 }).success).toBe(false);
    expect(ruleInputSchema.safeParse({ ...audit, windowMs: 7_200_000 }).success).toBe(false);
    expect(ruleInputSchema.safeParse({ ...audit, threshold: 0 }).success).toBe(false);
    expect(ruleInputSchema.safeParse({ ...audit, webhook: { url: "https://x.example/", secret: "short" } }).success).toBe(false);
    expect(ruleInputSchema.safeParse({ ...audit, kind: "cpu-high" }).success).toBe(false);
    expect(ruleInputSchema.safeParse({ kind: "integrity", name: "sigs", windowMs: 600_000 }).success).toBe(true);
  });

  it("takes a mute alone as a patch, and nothing else half-said", () => {
    expect(rulePatchSchema.parse({ muted: true })).toEqual({ muted: true });
    expect(rulePatchSchema.safeParse({ muted: true, name: "x" }).success).toBe(false);
    expect(rulePatchSchema.safeParse({}).success).toBe(false);
  });

  it("never shows a secret back, only its last four characters", () => {
    const rec: RuleRecord = { id: "abc", name: "n", kind: "integrity", query: null, threshold: null, windowMs: 60_000, muted: false, webhook: { url: "https://x.example/h", format: "json", secret: SECRET }, createdBy: "a", createdMs: 0, updatedBy: "a", updatedMs: 0 };
    const view = ruleView(rec, 3, false);
    expect(JSON.stringify(view)).not.toContain(SECRET.slice(0, 8));
    expect(view.webhook?.secret).toBe("…cdef");
    expect(ruleView({ ...rec, webhook: { url: "https://x.example/h", format: "json", secret: null } }, 3, true).webhook?.secret).toBe("global");
  });
});

describe("the alert store's names", () => {
  it("deny the browser the rules bucket, the events stream and their subjects", () => {
    const n = alertNames();
    expect(n).toMatchObject({ rules: "PILOT_ALERT_RULES", stream: "PILOT_ALERT_EVENTS" });
    const denied = alertStoreDenies(n);
    expect(denied).toContain("$KV.PILOT_ALERT_RULES.>");
    expect(denied).toContain("$JS.API.STREAM.*.KV_PILOT_ALERT_RULES");
    expect(denied).toContain("$JS.API.CONSUMER.*.PILOT_ALERT_EVENTS.>");
    expect(denied).toContain("pilot.alert.PILOT_ALERT.>");
  });
});
