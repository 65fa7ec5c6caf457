import path from "node:path";
import type { NatsConnection } from "@nats-io/nats-core";
import type { AuthSettings } from "../env";
import { openAuthStore, type AuthStore } from "../auth/auth-store";
import { openSharedAuth } from "../auth/shared-auth";
import { startTestNats, type TestNats } from "../ingest/test-nats";
import { testAuthSettings } from "./auth-settings";

/**
 * A real nats-server for the auth tests, and replicas of the auth store on it: each
 * `replica` is its own NATS connection (Pilot's server user, so its grants are tested
 * too) and its own auth.sqlite, over the shared store `store` (a test's own name, so tests
 * on one server do not see each other's accounts).
 */
export interface AuthNats {
  nats: TestNats;
  replica(o: { store: string; file?: string; more?: Partial<AuthSettings>; now?: () => number }): Promise<AuthStore & { nc: NatsConnection }>;
  stop(): Promise<void>;
}

export async function startAuthNats(): Promise<AuthNats> {
  const nats = await startTestNats({}, { topology: false });
  const open: { store: AuthStore; nc: NatsConnection }[] = [];
  let n = 0;
  return {
    nats,
    async replica(o) {
      const nc = await nats.connect("pilot");
      const settings = testAuthSettings(path.join(nats.dir, o.file ?? `replica-${++n}.sqlite`), {
        store: { name: o.store, logMaxAgeMs: 86_400_000 },
        ...o.more,
      });
      const store = openAuthStore(settings, await openSharedAuth(nc, settings, { replicas: 1, now: o.now }), o.now);
      open.push({ store, nc });
      return Object.assign(store, { nc });
    },
    async stop() {
      for (const r of open) {
        r.store.close();
        await r.nc.close().catch(() => undefined);
      }
      await nats.stop();
    },
  };
}
