import type { NatsConnection } from "@nats-io/nats-core";

/** A write to the shared store (a sign-in, a disable, a password change) while NATS cannot be reached. */
export class StoreUnavailable extends Error {
  constructor(cause?: unknown) {
    super(
      `the accounts store on NATS cannot be reached${cause instanceof Error ? ` (${cause.message})` : ""}: sign-ins and account changes are refused until it is back`,
    );
  }
}

/** What an HTTP caller answers for StoreUnavailable: 503, and the sentence saying why. */
export function unavailableResponse(err: StoreUnavailable): Response {
  return Response.json({ error: "Pilot cannot reach its accounts store (NATS) right now: try again in a moment." , detail: err.message }, { status: 503, headers: { "retry-after": "5", "cache-control": "no-store" } });
}

const PROBE_MS = 2_000;

/**
 * Whether this replica reaches the shared store, from the connection's own status events
 * (so a check while NATS is away goes to the local mirror at once instead of waiting for
 * a request to time out) and from reads that failed. Every change is said once in the
 * server log: a person is signed in from the state last known, not the current one.
 */
export class StoreLink {
  #up = true;
  #since = 0;
  #closing = false;
  #probe: (() => Promise<unknown>) | null = null;
  #probing: ReturnType<typeof setInterval> | null = null;

  constructor(
    nc: NatsConnection | null,
    private readonly now: () => number = Date.now,
    /** What the server log names (the alert store uses a link of its own). */
    private readonly what = "the shared accounts store",
  ) {
    if (!nc) {
      this.down("no connection to NATS");
      return;
    }
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === "disconnect" || s.type === "staleConnection") this.down(`NATS ${s.type}`);
        else if (s.type === "reconnect") this.up();
      }
    })();
    void nc.closed().then(() => this.down("the NATS connection closed"));
  }

  get isUp(): boolean {
    return this.#up;
  }

  /** This replica is shutting down: its connection closing is not news. */
  close(): void {
    this.#closing = true;
    this.#stopProbing();
  }

  /**
   * A request that proves the store answers. While down, it is tried every PROBE_MS: a
   * store that failed a read with the connection still up (a JetStream leader election, a
   * timeout) gives no reconnect event to say it is back.
   */
  setProbe(probe: () => Promise<unknown>): void {
    this.#probe = probe;
  }

  #stopProbing(): void {
    if (this.#probing) clearInterval(this.#probing);
    this.#probing = null;
  }

  down(reason: string): void {
    if (!this.#up || this.#closing) return;
    this.#up = false;
    this.#since = this.now();
    this.#probing ??= setInterval(() => {
      this.#probe?.().then(
        () => this.up(),
        () => undefined,
      );
    }, PROBE_MS);
    this.#probing.unref();
    console.warn(
      this.what === "the shared accounts store"
        ? `[auth] the shared accounts store is unreachable (${reason}): sessions are checked against this replica's last known copy; sign-ins and account changes answer 503 until it is back`
        : `[nats] ${this.what} is unreachable (${reason}): changes answer 503 until it is back`,
    );
  }

  up(): void {
    if (this.#up) return;
    this.#up = true;
    this.#stopProbing();
    const after = Math.round((this.now() - this.#since) / 1000);
    console.warn(
      this.what === "the shared accounts store"
        ? `[auth] the shared accounts store is reachable again (after ${after} s): sessions are checked against it`
        : `[nats] ${this.what} is reachable again (after ${after} s)`,
    );
  }
}
