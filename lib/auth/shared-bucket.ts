import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import { KvWatchInclude, type KV, type KvWatchEntry } from "@nats-io/kv";
import type { z } from "zod";
import { decodeRecord, encodeRecord } from "./shared-records";
import { StoreUnavailable, type StoreLink } from "./store-link";

export interface Entry<T> {
  key: string;
  value: T;
  /** The KV revision, for a compare-and-set update. */
  revision: number;
}

interface Held {
  bytes: Uint8Array;
  revision: number;
}

const isConflict = (err: unknown) =>
  err instanceof JetStreamApiError &&
  (err.code === JetStreamApiCodes.StreamWrongLastSequence || err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);

/** How long the first replay of a bucket into the mirror may take before Pilot serves without it. */
const READY_WAIT_MS = 10_000;
const REWATCH_MS = 2_000;

/**
 * One KV bucket of the shared store, read directly and mirrored locally.
 *
 * Reads that decide who is signed in (`get`) go to the bucket every time: one round trip
 * (well under a millisecond on the same machine, a couple on a LAN) and never a stale
 * answer, which is what makes "disabled on A, refused on B on the next request" hold with
 * no polling window. The mirror, kept current by a KV watch, serves two things: lists
 * (`entries`: the admin page, housekeeping), which may lag another replica's write by the
 * watch's delivery time; and every read while the store is unreachable, so that people
 * already signed in keep working from the state last known instead of everyone being
 * signed out by a NATS restart.
 *
 * Writes are compare-and-set where two replicas could race (create: only if absent;
 * update: only at the revision read), so neither can lose the other's change; a write while
 * the store is unreachable throws StoreUnavailable (503), never succeeds locally.
 */
export class SharedBucket {
  readonly #mirror = new Map<string, Held>();
  #stopped = false;
  #watch: { stop(): void } | null = null;

  constructor(
    readonly kv: KV,
    readonly name: string,
    private readonly link: StoreLink,
  ) {}

  /** Starts the mirror; resolves when it holds what the bucket held (or after READY_WAIT_MS). */
  async startMirror(): Promise<void> {
    let resolveReady = () => {};
    const ready = new Promise<void>((r) => (resolveReady = r));
    const run = async (): Promise<void> => {
      const fresh = new Map<string, Held>();
      let replaying = true;
      const values = (await this.kv.status()).values;
      const done = () => {
        if (!replaying) return;
        replaying = false;
        // A new watch replays every key's last value: what it did not name is gone.
        this.#mirror.clear();
        for (const [k, v] of fresh) this.#mirror.set(k, v);
        resolveReady();
      };
      const watch = await this.kv.watch({ include: KvWatchInclude.LastValue });
      this.#watch = watch;
      if (values === 0) done();
      for await (const e of watch) {
        this.#apply(replaying ? fresh : this.#mirror, e);
        if (replaying && e.delta === 0) done();
      }
      done();
    };
    const loop = async () => {
      while (!this.#stopped) {
        try {
          await run();
        } catch (err) {
          if (!this.#stopped) console.warn(`[auth] watching ${this.name} failed (${err instanceof Error ? err.message : String(err)}): retrying`);
        }
        if (!this.#stopped) await new Promise((r) => setTimeout(r, REWATCH_MS));
      }
    };
    void loop();
    await Promise.race([ready, new Promise((r) => setTimeout(r, READY_WAIT_MS).unref())]);
  }

  stop(): void {
    this.#stopped = true;
    this.#watch?.stop();
  }

  #apply(into: Map<string, Held>, e: KvWatchEntry): void {
    // This replica's own write may be in the mirror already (#remember), ahead of the watch.
    const held = into.get(e.key);
    if (held && held.revision > e.revision) return;
    if (e.operation === "PUT") into.set(e.key, { bytes: e.value, revision: e.revision });
    else into.delete(e.key);
  }

  #decode<T>(key: string, held: Held, schema: z.ZodType<T>): Entry<T> | null {
    const value = decodeRecord(schema, held.bytes, `${this.name} ${key}`);
    return value === null ? null : { key, value, revision: held.revision };
  }

  /** The key's current value from the bucket; from the mirror (the state last known) while the store is unreachable. */
  async get<T>(key: string, schema: z.ZodType<T>): Promise<Entry<T> | null> {
    if (this.link.isUp) {
      try {
        const e = await this.kv.get(key);
        if (!e || e.operation !== "PUT") return null;
        return this.#decode(key, { bytes: e.value, revision: e.revision }, schema);
      } catch (err) {
        this.link.down(err instanceof Error ? err.message : String(err));
      }
    }
    const held = this.#mirror.get(key);
    return held ? this.#decode(key, held, schema) : null;
  }

  /** Every mirrored entry whose key starts with `prefix` (lists and housekeeping, not sign-in decisions). */
  entries<T>(prefix: string, schema: z.ZodType<T>): Entry<T>[] {
    const out: Entry<T>[] = [];
    for (const [key, held] of this.#mirror) {
      if (!key.startsWith(prefix)) continue;
      const e = this.#decode(key, held, schema);
      if (e) out.push(e);
    }
    return out;
  }

  async #write(fn: () => Promise<number>): Promise<number | null> {
    if (!this.link.isUp) throw new StoreUnavailable();
    try {
      return await fn();
    } catch (err) {
      if (isConflict(err)) return null;
      throw new StoreUnavailable(err);
    }
  }

  #remember(key: string, value: unknown, revision: number | null): number | null {
    // The write's own result is in the mirror before the watch brings it back: a list read
    // right after this replica's own change shows it.
    if (revision !== null) this.#mirror.set(key, { bytes: encodeRecord(value), revision });
    return revision;
  }

  /** Writes `value` only if the key holds nothing; null if it does. */
  async create(key: string, value: unknown): Promise<number | null> {
    return this.#remember(key, value, await this.#write(() => this.kv.create(key, encodeRecord(value))));
  }

  /** Writes `value` only if the key is still at `revision`; null if another write came first. */
  async update(key: string, value: unknown, revision: number): Promise<number | null> {
    return this.#remember(key, value, await this.#write(() => this.kv.update(key, encodeRecord(value), revision)));
  }

  /** Writes `value` whatever the key held (a value nothing else races on). */
  async put(key: string, value: unknown): Promise<number> {
    const rev = await this.#write(() => this.kv.put(key, encodeRecord(value)));
    if (rev === null) throw new Error(`${this.name} ${key}: a plain put conflicted`);
    this.#remember(key, value, rev);
    return rev;
  }

  /** Deletes the key (only at `revision`, when given); false if another write came first. */
  async remove(key: string, revision?: number): Promise<boolean> {
    const done = await this.#write(async () => {
      await this.kv.delete(key, revision === undefined ? undefined : { previousSeq: revision });
      return 1;
    });
    if (done !== null) this.#mirror.delete(key);
    return done !== null;
  }
}
