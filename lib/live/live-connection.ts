import type { NatsConnection } from "@nats-io/nats-core";
import { liveCredentialsSchema } from "./credentials-schema";
import { FeedRegistry } from "./feed-registry";
import type { LiveSource } from "./live-targets";
import { nextLiveStatus, type LiveStatus } from "./live-status";

const RETRY_MS = 3000;

/**
 * The tab's one NATS WebSocket connection. Credentials come from the API at run time
 * (never from the bundle). Status is an external store for `useSyncExternalStore`,
 * driven by the client's own status events.
 */
export class LiveConnection {
  private status: LiveStatus = "connecting";
  private error: string | null = null;
  private listeners = new Set<() => void>();
  private nc: NatsConnection | null = null;
  private trusted: readonly string[] = [];
  private liveSources: readonly LiveSource[] = [];
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
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
  /** The configured trust list (public keys), for signature verdicts in the browser. */
  /** The streams to follow, as the server discovered them (empty until connected). */
  sources(): readonly LiveSource[] {
    return this.liveSources;
  }

  trustedSigners(): readonly string[] {
    return this.trusted;
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

  private async open(): Promise<void> {
    try {
      const res = await fetch("/api/live/credentials", { cache: "no-store" });
      if (!res.ok) throw new Error(`credentials: ${res.status} ${res.statusText}`);
      const creds = liveCredentialsSchema.parse(await res.json());
      // Loaded here, not with the page: the client is ~40 KB (gzip) of every route's first load.
      const { wsconnect } = await import("@nats-io/nats-core");
      const nc = await wsconnect({
        servers: creds.servers,
        user: creds.user,
        pass: creds.pass,
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
      this.trusted = creds.trustedSigners;
      this.liveSources = creds.sources;
      this.set("connected");
      void this.watch(nc);
    } catch (err) {
      if (this.stopped) return;
      this.set("offline", err instanceof Error ? err.message : String(err));
      this.retryTimer = setTimeout(() => void this.open(), RETRY_MS);
    }
  }

  private async watch(nc: NatsConnection): Promise<void> {
    for await (const event of nc.status()) {
      const next = nextLiveStatus(event);
      if (next) this.set(next, event.type === "close" ? "connection closed" : null);
    }
    if (!this.stopped) {
      this.nc = null;
      this.set("offline", "connection closed");
      this.retryTimer = setTimeout(() => void this.open(), RETRY_MS);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    window.removeEventListener("offline", this.onOffline);
    window.removeEventListener("online", this.onOnline);
    clearTimeout(this.retryTimer);
    const nc = this.nc;
    this.nc = null;
    if (nc) await nc.close();
  }
}
