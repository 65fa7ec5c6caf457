import type { NatsConnection } from "@nats-io/nats-core";
import { browserInbox } from "./browser-grants";
import { consumerAnswerSchema, liveCredentialsSchema, type LiveCredentials } from "./credentials-schema";
import { FeedRegistry } from "./feed-registry";
import type { LiveSource } from "./live-targets";
import { nextLiveStatus, type LiveStatus } from "./live-status";
import { SlotPool } from "./slot-pool";
import type { ConsumerSource, OpenedConsumer } from "./stream-follower";

const RETRY_MS = 3000;
/** A renewal that fails for a network reason is tried again this soon (the credential still runs). */
const RENEW_RETRY_MS = 5000;

type NkeyPair = { getPublicKey(): string; getSeed(): Uint8Array };

/**
 * The tab's one NATS WebSocket connection. Credentials come from the API at run time
 * (never from the bundle): the tab makes its own NATS user key and Pilot signs it into a
 * short-lived JWT, asked for again before it expires; the next (re)connect uses the new
 * one (nats-server closes a connection whose JWT expired). A signed-out or disabled person
 * gets no renewal, so their NATS access ends with the JWT they hold. The tab's consumers
 * are created by Pilot's server in the tab's own slots (`open`). Status is an external
 * store for `useSyncExternalStore`, driven by the client's own status events.
 */
export class LiveConnection implements ConsumerSource {
  private status: LiveStatus = "connecting";
  private error: string | null = null;
  private listeners = new Set<() => void>();
  private nc: NatsConnection | null = null;
  private creds: LiveCredentials | null = null;
  private key: NkeyPair | null = null;
  private slots: SlotPool | null = null;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  /** How far behind the tab's followers are: "Connected" says nothing about a stalled consumer. */
  readonly feeds = new FeedRegistry();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getStatus = (): LiveStatus => this.status;
  getError = (): string | null => this.error;
  connection(): NatsConnection | null {
    return this.nc;
  }
  /** The streams to follow, as the server discovered them (empty until connected). */
  sources(): readonly LiveSource[] {
    return this.creds?.sources ?? [];
  }
  /** The configured trust list (public keys), for signature verdicts in the browser. */
  trustedSigners(): readonly string[] {
    return this.creds?.trustedSigners ?? [];
  }
  /** The platform subjects this person's role may follow: views narrow what they want to these. */
  readable(): readonly string[] {
    return this.creds?.readable ?? [];
  }

  private set(status: LiveStatus, error: string | null = null) {
    if (status === this.status && error === this.error) return;
    this.status = status;
    this.error = error;
    for (const l of this.listeners) l();
  }

  start(): void {
    this.stopped = false;
    window.addEventListener("offline", this.onOffline);
    window.addEventListener("online", this.onOnline);
    void this.open();
  }

  // The browser knows before a ping times out: say so, and drop the dead socket so the
  // client's own reconnect loop takes over (it resumes when the network returns).
  private onOffline = () => {
    if (!this.nc) return;
    this.set("reconnecting", "the browser is offline");
    void this.nc.reconnect().catch(() => undefined);
  };

  private onOnline = () => {
    if (this.nc && this.status !== "connected") void this.nc.reconnect().catch(() => undefined);
  };

  private async fetchCredentials(key: NkeyPair): Promise<LiveCredentials> {
    const res = await fetch(`/api/live/credentials?key=${encodeURIComponent(key.getPublicKey())}`, { cache: "no-store" });
    if (!res.ok) throw new CredentialsRefused(res.status, res.statusText);
    return liveCredentialsSchema.parse(await res.json());
  }

  private async open(): Promise<void> {
    try {
      // Loaded here, not with the page: the client is ~40 KB (gzip) of every route's first load.
      const { wsconnect, jwtAuthenticator, usernamePasswordAuthenticator, nkeys } = await import("@nats-io/nats-core");
      // A fresh key per connection: its seed never leaves the tab.
      const key = nkeys.createUser();
      const creds = await this.fetchCredentials(key);
      this.key = key;
      this.creds = creds;
      this.slots = new SlotPool(creds.slots);
      const authenticator =
        creds.auth.kind === "jwt"
          ? jwtAuthenticator(
              () => (this.creds?.auth.kind === "jwt" ? this.creds.auth.jwt : ""),
              () => key.getSeed(),
            )
          : usernamePasswordAuthenticator(creds.auth.user, creds.auth.pass);
      const nc = await wsconnect({
        servers: creds.servers,
        authenticator,
        inboxPrefix: browserInbox(creds.consumerPrefix),
        name: "pilot-browser",
        maxReconnectAttempts: -1,
        reconnectTimeWait: 1000,
        pingInterval: 10_000,
      });
      if (this.stopped) {
        await nc.close();
        return;
      }
      this.nc = nc;
      this.set("connected");
      this.scheduleRenewal();
      void this.watch(nc);
    } catch (err) {
      if (this.stopped) return;
      this.set("offline", err instanceof Error ? err.message : String(err));
      this.retryTimer = setTimeout(() => void this.open(), RETRY_MS);
    }
  }

  /** Halfway through the JWT's life, a new one for the same key (same names, same inbox). */
  private scheduleRenewal(delayMs?: number): void {
    clearTimeout(this.renewTimer);
    const auth = this.creds?.auth;
    if (!auth || auth.kind !== "jwt") return;
    const due = delayMs ?? Math.max(1000, (auth.expiresAt - Date.now()) / 2);
    this.renewTimer = setTimeout(() => void this.renew(), due);
  }

  private async renew(): Promise<void> {
    const key = this.key;
    if (!key || this.stopped) return;
    try {
      const creds = await this.fetchCredentials(key);
      if (this.stopped || key !== this.key) return;
      this.creds = creds;
      this.scheduleRenewal();
    } catch (err) {
      if (err instanceof CredentialsRefused && (err.status === 401 || err.status === 403)) {
        // The session is over (signed out, disabled, or no longer allowed): no NATS access past it.
        const nc = this.nc;
        this.nc = null;
        this.stopped = true;
        this.set("offline", "signed out: live updates stopped");
        await nc?.close();
        return;
      }
      this.scheduleRenewal(RENEW_RETRY_MS);
    }
  }

  private async watch(nc: NatsConnection): Promise<void> {
    for await (const event of nc.status()) {
      const next = nextLiveStatus(event);
      if (next) this.set(next, event.type === "close" ? "connection closed" : null);
    }
    if (!this.stopped && this.nc === nc) {
      this.nc = null;
      clearTimeout(this.renewTimer);
      this.set("offline", "connection closed");
      this.retryTimer = setTimeout(() => void this.open(), RETRY_MS);
    }
  }

  /**
   * A consumer for a follower: Pilot's server creates it in a free slot of this tab (on a
   * stream and filter the person's role may read), from `startSeq` on.
   */
  async openConsumer(stream: string, filter: string, startSeq: number): Promise<OpenedConsumer> {
    const key = this.key;
    const slots = this.slots;
    if (!key || !slots) throw new Error("not connected");
    const slot = slots.take();
    if (slot === null) throw new Error("every consumer slot of this tab is in use");
    try {
      const res = await fetch("/api/live/consumers", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key: key.getPublicKey(), slot, stream, filter, startSeq }),
        cache: "no-store",
      });
      if (!res.ok) throw new Error(`consumer: ${res.status} ${(await res.text()).slice(0, 200)}`);
      const { name } = consumerAnswerSchema.parse(await res.json());
      return { name, release: () => slots.release(slot) };
    } catch (err) {
      slots.release(slot);
      throw err;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    window.removeEventListener("offline", this.onOffline);
    window.removeEventListener("online", this.onOnline);
    clearTimeout(this.retryTimer);
    clearTimeout(this.renewTimer);
    const nc = this.nc;
    this.nc = null;
    if (nc) await nc.close();
  }
}

class CredentialsRefused extends Error {
  constructor(
    readonly status: number,
    statusText: string,
  ) {
    super(`credentials: ${status} ${statusText}`);
  }
}
