import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import { firingSchema, type Delivery, type Firing } from "@/lib/contract/alerts";
import { decodeRecord } from "../auth/shared-records";
import type { AlertStore } from "./alert-store";
import { backoffDelay, isRetryable, type BackoffSettings } from "./backoff";
import { ruleKey, ruleRecord } from "./records";
import { sendWebhook, targetOf, webhookBody } from "./webhook";

export interface DelivererSettings {
  backoff: BackoffSettings;
  timeoutMs: number;
  globalSecret: string | null;
  pilotUrl: string | null;
}

/**
 * Pulls firings from the one shared durable consumer (every replica runs this; JetStream
 * gives each firing to one of them) and delivers each: attempts on the backoff schedule
 * until a 2xx, an answer not worth retrying, or the last attempt; every attempt goes to
 * the stream (so every replica's page shows it), and the firing is acked after the last.
 */
export class Deliverer {
  #stopped = false;
  #stopFetch: (() => void) | null = null;

  constructor(
    private readonly js: JetStreamClient,
    private readonly store: AlertStore,
    private readonly s: DelivererSettings,
  ) {}

  start(): void {
    void this.#loop();
  }

  stop(): void {
    this.#stopped = true;
    this.#stopFetch?.();
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      try {
        const consumer = await this.js.consumers.get(this.store.names.stream, this.store.names.deliverer);
        const messages = await consumer.consume({ max_messages: 4 });
        this.#stopFetch = () => void messages.stop();
        for await (const m of messages) {
          if (this.#stopped) break;
          await this.#handle(m);
        }
      } catch (err) {
        if (!this.#stopped) console.warn(`[alerts] delivering stopped (${err instanceof Error ? err.message : String(err)}): resuming`);
      }
      if (!this.#stopped) await new Promise((r) => setTimeout(r, 1_000));
    }
  }

  async #handle(m: JsMsg): Promise<void> {
    const firing = decodeRecord(firingSchema, m.data, `alert firing ${m.seq}`);
    if (!firing) {
      m.term();
      return;
    }
    try {
      await this.deliver(firing, () => m.working());
      m.ack();
    } catch (err) {
      // The stream could not take a delivery record: another replica (or this one) tries again after a pause.
      console.warn(`[alerts] delivering ${firing.id} failed (${err instanceof Error ? err.message : String(err)}): it is tried again`);
      m.nak(5_000);
    }
  }

  /** Delivers one firing (exported for the tests, which drive it without a consumer). */
  async deliver(firing: Firing, keepAlive: () => void = () => {}): Promise<void> {
    await this.store.events.catchUp();
    if (this.store.events.finished(firing.id)) return;
    const entry = await this.store.rules.get(ruleKey(firing.ruleId), ruleRecord);
    const record = (d: Omit<Delivery, "firingId" | "ruleId" | "replica">) =>
      this.store.publishDelivery({ ...d, firingId: firing.id, ruleId: firing.ruleId, replica: this.store.replica });
    const rule = entry?.value;
    // A rule without a webhook: nothing to send, the firing alone is the record.
    if (rule && !rule.muted && !rule.webhook) return;
    if (!rule || rule.muted || !rule.webhook) {
      // Muted or deleted between the firing and its delivery: said in the log, not sent.
      await record({ attempt: 1, atMs: Date.now(), target: "", status: null, error: !rule ? "the rule was deleted" : "the rule is muted", body: "", latencyMs: 0, outcome: "skipped" });
      return;
    }
    const target = { url: rule.webhook.url, format: rule.webhook.format, secret: rule.webhook.secret ?? this.s.globalSecret };
    const body = webhookBody(firing, target.format, this.s.pilotUrl);
    const { maxAttempts } = this.s.backoff;
    for (let attempt = 1; attempt <= maxAttempts && !this.#stopped; attempt++) {
      const wait = backoffDelay(attempt, this.s.backoff);
      if (wait > 0) {
        keepAlive();
        await new Promise((r) => setTimeout(r, wait));
        keepAlive();
      }
      const atMs = Date.now();
      const r = await sendWebhook(target, body, { deliveryId: firing.id, timeoutMs: this.s.timeoutMs });
      const ok = r.status !== null && r.status >= 200 && r.status < 300;
      const last = attempt === maxAttempts || (!ok && !isRetryable(r.status));
      const outcome = ok ? "delivered" : last ? "failed" : "retrying";
      await record({ attempt, atMs, target: targetOf(target.url), status: r.status, error: r.error, body: r.body, latencyMs: r.latencyMs, outcome });
      if (ok || last) return;
    }
  }
}
