import { hostname } from "node:os";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { pilotDescription } from "../nats/discovery";
import type { AuthSettings } from "../env";
import { accountRecords } from "./account-records";
import { openAuthDb, type AuthDb } from "./auth-db";
import { ensureLogStream, openLogStream, type LogStream } from "./access-log-stream";
import { importLegacyAccounts } from "./legacy-import";
import { FORGET_MS } from "./login-throttle";
import { SharedBucket } from "./shared-bucket";
import { sharedNames, type SharedNames } from "./shared-names";
import { StoreLink } from "./store-link";

/** A KV or stream request that takes longer is as good as lost: the caller falls back or answers 503. */
const REQUEST_TIMEOUT_MS = 2_000;

export interface SharedAuth {
  names: SharedNames;
  link: StoreLink;
  accounts: SharedBucket;
  sessions: SharedBucket;
  throttle: SharedBucket;
  /** Saved views: every replica lists the same ones (lib/auth/saved-views.ts). */
  views: SharedBucket;
  log: LogStream;
  /** This replica's auth.sqlite: the older Pilot's accounts (imported once) and the cache of the log. */
  db: AuthDb;
  close(): void;
}

/**
 * Opens the shared store on Pilot's server connection, creating what is missing: three KV
 * buckets (accounts; sessions with the maximum session life as TTL; throttle rows with a
 * day's) and the access-log stream, each with `replicas` copies (PILOT_STREAM_REPLICAS,
 * as Pilot's other streams). Then each bucket's local mirror is filled and the accounts of
 * an older `auth.sqlite` are imported if the store has none (lib/auth/legacy-import.ts).
 *
 * KV (not a table in each replica's file) because it is what every replica already
 * reaches, replicated by the NATS cluster, with compare-and-set writes; the engine is the
 * one already deployed for the audit trail.
 */
export async function openSharedAuth(nc: NatsConnection, settings: AuthSettings, o: { replicas: number; now?: () => number }): Promise<SharedAuth> {
  const now = o.now ?? Date.now;
  const names = sharedNames(settings.store.name);
  const link = new StoreLink(nc, now);
  const js = jetstream(nc, { timeout: REQUEST_TIMEOUT_MS });
  const jsm = await jetstreamManager(nc, { timeout: REQUEST_TIMEOUT_MS });
  const kvm = new Kvm(js);
  const bucket = async (name: string, what: string, ttl: number) => {
    // No direct gets: in a cluster a direct get may be answered by a follower that has not
    // applied the last write yet, and "disabled on A, refused on B" must hold at once. A
    // stored-message get is answered by the stream's leader.
    const kv = await kvm.create(name, { description: pilotDescription(what), replicas: o.replicas, history: 1, ttl, timeout: REQUEST_TIMEOUT_MS, allow_direct: false });
    return new SharedBucket(kv, name, link);
  };
  const accounts = await bucket(names.accounts, "accounts (password hashes, roles, external identities)", 0);
  const sessions = await bucket(names.sessions, "sessions (token hashes) and pending SSO sign-ins", settings.maxMs);
  // A row quiet for a day is forgotten; the hour more lets housekeeping write its last line first.
  const throttle = await bucket(names.throttle, "sign-in throttle", FORGET_MS + 3_600_000);
  const views = await bucket(names.views, "saved views (a page's address under a name, private or shared)", 0);
  link.setProbe(() => accounts.kv.status());
  const created = await ensureLogStream(jsm, names, { replicas: o.replicas, maxAgeMs: settings.store.logMaxAgeMs });
  const db = openAuthDb(settings.dbPath);
  await Promise.all([accounts.startMirror(), sessions.startMirror(), throttle.startMirror(), views.startMirror()]);
  const log = openLogStream({ js, jsm, db, names, created, link });
  await importLegacyAccounts({
    db,
    file: settings.dbPath,
    bucket: accounts,
    accounts: accountRecords(accounts, now),
    storeName: settings.store.name,
    replica: `${hostname()}:${process.pid}`,
    now,
  });
  return {
    names,
    link,
    accounts,
    sessions,
    throttle,
    views,
    log,
    db,
    close() {
      link.close();
      for (const b of [accounts, sessions, throttle, views]) b.stop();
      log.stop();
      if (db.open) db.close();
    },
  };
}
