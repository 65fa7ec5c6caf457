import type { Firing } from "@/lib/contract/alerts";
import { SIGNATURE_HEADER, signPayload } from "./signature";

/** How much of a receiver's answer is kept in the delivery log. */
export const BODY_SLICE = 512;

export interface WebhookTarget {
  url: string;
  format: "json" | "slack";
  /** Null: sent unsigned (no rule secret and no global one); the log says so. */
  secret: string | null;
}

export interface AttemptResult {
  status: number | null;
  error: string | null;
  body: string;
  latencyMs: number;
}

/** The body a receiver gets: the firing as JSON, or Slack's incoming-webhook shape (`text`). */
export function webhookBody(f: Firing, format: "json" | "slack", pilotUrl: string | null): string {
  if (format === "slack") {
    const link = pilotUrl ? ` <${new URL("/alerts", pilotUrl).toString()}|open in Pilot>` : "";
    return JSON.stringify({ text: `:rotating_light: *${f.ruleName}*: ${f.summary}${link}` });
  }
  return JSON.stringify({ type: "pilot.alert.firing", firing: f });
}

/** The first BODY_SLICE characters of an answer, reading no more of it than that. */
async function bodySlice(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (text.length < BODY_SLICE) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, BODY_SLICE);
}

/**
 * One POST of a firing. Redirects are not followed (a 3xx is an answer, logged as such):
 * a receiver cannot bounce Pilot's request, signature and all, to another address. The
 * timeout covers the whole exchange.
 */
export async function sendWebhook(target: WebhookTarget, body: string, o: { deliveryId: string; timeoutMs: number; now?: () => number }): Promise<AttemptResult> {
  const now = o.now ?? Date.now;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "Pilot-Alerts/1",
    "pilot-delivery-id": o.deliveryId,
  };
  if (target.secret) headers[SIGNATURE_HEADER] = signPayload(target.secret, body, Math.floor(now() / 1000));
  const started = performance.now();
  try {
    const res = await fetch(target.url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(o.timeoutMs) });
    const text = await bodySlice(res);
    return { status: res.status, error: null, body: text, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : "";
    return { status: null, error: `${err instanceof Error ? err.message : String(err)}${cause}`.slice(0, BODY_SLICE), body: "", latencyMs: Math.round(performance.now() - started) };
  }
}

/** The URL's origin: what the delivery log shows (a path may carry the receiver's token). */
export function targetOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid URL)";
  }
}
