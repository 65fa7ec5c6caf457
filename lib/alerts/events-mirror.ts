import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import { ackSchema, deliverySchema, firingSchema, type Ack, type Delivery, type Firing, type FiringView } from "@/lib/contract/alerts";
import { decodeRecord } from "../auth/shared-records";
import type { AlertNames } from "./alert-names";

const RETRY_MS = 1_000;
const CATCH_UP_MS = 2_000;
/** Firings kept in memory for the page (the stream keeps more, up to its limits). */
const KEEP_FIRINGS = 2_000;

/**
 * This replica's copy of the alert stream (firings, delivery attempts, acknowledgements),
 * followed with an ordered consumer from the start: every replica shows the same log,
 * whichever replica fired, delivered or acknowledged. Each message is parsed with its
 * schema; one that does not parse is skipped with a warning.
 */
export class EventsMirror {
  /** In stream order; a delivery or ack whose firing is not held (trimmed away) is dropped. */
  readonly #firings = new Map<string, FiringView>();
  #stopped = false;
  #through = 0;
  #stop: (() => void) | null = null;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly names: AlertNames,
  ) {}

  start(): void {
    void this.#follow();
  }

  stop(): void {
    this.#stopped = true;
    this.#stop?.();
  }

  get through(): number {
    return this.#through;
  }

  async #follow(): Promise<void> {
    while (!this.#stopped) {
      try {
        const consumer = await this.js.consumers.get(this.names.stream, { opt_start_seq: this.#through + 1 });
        const messages = await consumer.consume();
        this.#stop = () => void messages.stop();
        for await (const m of messages) {
          this.#apply(m.subject, m.data, m.seq);
          this.#through = m.seq;
          if (this.#stopped) break;
        }
      } catch (err) {
        if (!this.#stopped) console.warn(`[alerts] following ${this.names.stream} stopped (${err instanceof Error ? err.message : String(err)}): resuming`);
      }
      if (!this.#stopped) await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }

  #apply(subject: string, data: Uint8Array, seq: number): void {
    const { firing, delivery, ack } = this.names.subjects;
    if (subject.startsWith(`${firing}.`)) {
      const f = decodeRecord(firingSchema, data, `alert firing ${seq}`);
      if (f && !this.#firings.has(f.id)) {
        this.#firings.set(f.id, { ...f, deliveries: [], acks: [] });
        if (this.#firings.size > KEEP_FIRINGS) {
          const oldest = this.#firings.keys().next().value;
          if (oldest !== undefined) this.#firings.delete(oldest);
        }
      }
    } else if (subject.startsWith(`${delivery}.`)) {
      const d = decodeRecord(deliverySchema, data, `alert delivery ${seq}`);
      if (d) this.#firings.get(d.firingId)?.deliveries.push(d);
    } else if (subject.startsWith(`${ack}.`)) {
      const a = decodeRecord(ackSchema, data, `alert ack ${seq}`);
      if (a) this.#firings.get(a.firingId)?.acks.push(a);
    }
  }

  /** Waits (briefly) until this copy holds everything the stream held when asked, so a write just made anywhere is on the page. */
  async catchUp(upTo?: number): Promise<void> {
    const deadline = Date.now() + CATCH_UP_MS;
    let last = upTo;
    if (last === undefined) {
      try {
        last = (await this.jsm.streams.info(this.names.stream)).state.last_seq;
      } catch {
        return;
      }
    }
    while (this.#through < last && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  }

  /** Newest first. */
  firings(limit = 200): FiringView[] {
    return [...this.#firings.values()].reverse().slice(0, limit);
  }

  firing(id: string): FiringView | null {
    return this.#firings.get(id) ?? null;
  }

  /** Whether some replica already finished delivering this firing (a redelivery after a crash before the ack). */
  finished(id: string): boolean {
    return this.#firings.get(id)?.deliveries.some((d) => d.outcome !== "retrying") ?? false;
  }
}

export type { Ack, Delivery, Firing };
