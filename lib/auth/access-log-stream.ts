import { randomUUID } from "node:crypto";
import { DiscardPolicy, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { headers as natsHeaders, nanos } from "@nats-io/nats-core";
import { pilotDescription } from "../nats/discovery";
import type { AuthDb } from "./auth-db";
import type { SharedNames } from "./shared-names";
import { decodeRecord, encodeRecord, logLine, type LogLine } from "./shared-records";
import type { StoreLink } from "./store-link";

/** Lines waiting for the stream while NATS is away; past this, the oldest are dropped (and counted in the server log). */
const OUTBOX_MAX = 10_000;
const RETRY_MS = 2_000;
/** How long a read waits for this replica's cache to reach the stream's last line (another replica's write). */
const CATCH_UP_MS = 3_000;

/** The access-log stream: Limits retention with a maximum age, described as Pilot's own. */
export async function ensureLogStream(jsm: JetStreamManager, names: SharedNames, o: { replicas: number; maxAgeMs: number }): Promise<string> {
  try {
    return (await jsm.streams.info(names.logStream)).created;
  } catch {
    // Not there yet: created below (two replicas adding the same config both succeed).
  }
  const info = await jsm.streams.add({
    name: names.logStream,
    subjects: [names.logSubject],
    description: pilotDescription(`access log of Pilot's accounts store ${names.logStream.replace(/_LOG$/, "")} (who signed in, viewed, exported, changed what)`),
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(o.maxAgeMs),
    duplicate_window: nanos(120_000),
    num_replicas: o.replicas,
  });
  return info.created;
}

/**
 * Every replica appends to the one log stream and follows it into its own SQLite cache
 * (the admin page's filters, paging and exports run there, keyed by stream sequence, so
 * "newest first" is the stream's order whichever replica wrote a line).
 *
 * Appends go through a small outbox: a line written while NATS is away is kept (up to
 * OUTBOX_MAX) and sent when it is back, each with a message id, so a retry after a lost
 * acknowledgement is not stored twice.
 */
export function openLogStream(o: { js: JetStreamClient; jsm: JetStreamManager; db: AuthDb; names: SharedNames; created: string; link: StoreLink }) {
  const { js, jsm, db, names } = o;
  const outbox: { id: string; line: LogLine }[] = [];
  let sending = false;
  let dropped = 0;
  let stopped = false;
  let cachedThrough = 0;
  let following: { stop(): void } | null = null;

  // Another stream of the same name (deleted and made again) has other sequences: start over.
  const meta = db.prepare<{ created: string }>("SELECT created FROM shared_log_meta WHERE stream = ?").get(names.logStream);
  if (meta?.created !== o.created) {
    db.transaction(() => {
      db.prepare("DELETE FROM shared_log_cache").run();
      db.prepare("INSERT OR REPLACE INTO shared_log_meta (stream, created) VALUES (?, ?)").run(names.logStream, o.created);
    })();
  }
  cachedThrough = db.prepare<{ n: number | null }>("SELECT max(id) AS n FROM shared_log_cache").get()?.n ?? 0;
  const insert = db.prepare("INSERT OR IGNORE INTO shared_log_cache (id, at_ms, username, address, action, target, detail) VALUES (?, ?, ?, ?, ?, ?, ?)");

  async function send(): Promise<void> {
    if (sending) return;
    sending = true;
    try {
      while (outbox.length > 0 && !stopped) {
        const next = outbox[0];
        if (!next) break;
        try {
          const h = natsHeaders();
          h.set("Nats-Msg-Id", next.id);
          await js.publish(names.logSubject, encodeRecord(next.line), { headers: h, timeout: 5_000 });
          outbox.shift();
        } catch (err) {
          o.link.down(`the access log could not be appended to: ${err instanceof Error ? err.message : String(err)}`);
          await new Promise((r) => setTimeout(r, RETRY_MS));
        }
      }
    } finally {
      sending = false;
    }
  }

  async function follow(): Promise<void> {
    while (!stopped) {
      try {
        const consumer = await js.consumers.get(names.logStream, { opt_start_seq: cachedThrough + 1 });
        const messages = await consumer.consume();
        following = messages;
        for await (const m of messages) {
          const line = decodeRecord(logLine, m.data, `access-log line ${m.seq}`);
          if (line) insert.run(m.seq, line.atMs, line.username, line.address, line.action, line.target, line.detail);
          cachedThrough = m.seq;
          if (stopped) break;
        }
      } catch (err) {
        if (!stopped) console.warn(`[auth] following the access log stopped (${err instanceof Error ? err.message : String(err)}): resuming`);
      }
      if (!stopped) await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
  void follow();

  return {
    /** Appends a line (in the background; kept while NATS is away). */
    append(line: LogLine): void {
      if (outbox.length >= OUTBOX_MAX) {
        outbox.shift();
        if (dropped++ % 1000 === 0) console.error(`[auth] the access log's outbox is full while NATS is away: ${dropped} line(s) dropped so far`);
      }
      outbox.push({ id: randomUUID(), line });
      void send();
    },

    /**
     * Waits (briefly) until this replica's cache holds every line the stream held when
     * asked, so a line another replica wrote just before is on the page; and drops cached
     * lines the stream no longer holds (its max age). Unreachable: the cache as it is.
     */
    async catchUp(): Promise<void> {
      // This replica's own lines still on their way are part of "before".
      const deadline = Date.now() + CATCH_UP_MS;
      while (outbox.length > 0 && o.link.isUp && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      if (!o.link.isUp) return;
      try {
        const { state } = await jsm.streams.info(names.logStream);
        if (state.first_seq > 1) db.prepare("DELETE FROM shared_log_cache WHERE id < ?").run(state.first_seq);
        while (cachedThrough < state.last_seq && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      } catch (err) {
        o.link.down(err instanceof Error ? err.message : String(err));
      }
    },

    /** Lines not yet in the stream (tests). */
    pending: () => outbox.length,

    stop(): void {
      stopped = true;
      following?.stop();
    },
  };
}

export type LogStream = ReturnType<typeof openLogStream>;
