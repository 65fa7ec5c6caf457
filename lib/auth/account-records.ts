import type { Role } from "./roles";
import type { SharedBucket } from "./shared-bucket";
import { accountRecord, externalRecord, keys, nameRecord, nextIdRecord, type AccountRecord } from "./shared-records";

export interface User {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  source: string;
  createdMs: number;
}

export const userOf = (a: AccountRecord): User => ({ id: a.id, username: a.username, role: a.role, disabled: a.disabled, source: a.source, createdMs: a.createdMs });

export class NameTaken extends Error {
  constructor(readonly username: string) {
    super(`a user named ${username} exists`);
  }
}

const CAS_TRIES = 16;

/** How long a name reservation without its account is taken for a creation still under way. */
export const ABANDONED_MS = 60_000;

/**
 * Accounts in the shared store's accounts bucket: `user.<id>` holds the account,
 * `name.<hash>` reserves its name (case-insensitively, as the SQLite column's NOCASE did),
 * `ext.<hash>` links an outside identity to it, `meta.next-id` hands out ids. Every write
 * that two replicas could race on is a compare-and-set (lib/auth/shared-bucket.ts).
 */
export function accountRecords(bucket: SharedBucket, now: () => number = Date.now) {
  async function byId(id: number) {
    return bucket.get(keys.user(id), accountRecord);
  }

  /** The next free id, taken with a compare-and-set so two replicas never hand out the same one. */
  async function allocateId(): Promise<number> {
    for (let i = 0; i < CAS_TRIES; i++) {
      const e = await bucket.get(keys.nextId, nextIdRecord);
      const id = e?.value.next ?? 1;
      const wrote = e ? await bucket.update(keys.nextId, { next: id + 1 }, e.revision) : await bucket.create(keys.nextId, { next: id + 1 });
      if (wrote !== null) return id;
    }
    throw new Error("could not take an account id: the counter kept changing");
  }

  /** Raises the id counter past `id` (an imported account keeps its id). */
  async function reserveIdsThrough(id: number): Promise<void> {
    for (let i = 0; i < CAS_TRIES; i++) {
      const e = await bucket.get(keys.nextId, nextIdRecord);
      if (e && e.value.next > id) return;
      const wrote = e ? await bucket.update(keys.nextId, { next: id + 1 }, e.revision) : await bucket.create(keys.nextId, { next: id + 1 });
      if (wrote !== null) return;
    }
    throw new Error("could not raise the account id counter");
  }

  /**
   * Reserves the name, then writes the account. A name reserved by an account that never
   * got written (a replica that died between the two writes) is taken over.
   */
  async function create(a: Omit<AccountRecord, "id" | "generation"> & { id?: number }): Promise<AccountRecord> {
    const id = a.id ?? (await allocateId());
    const nameKey = keys.name(a.username);
    const reservation = { id, reservedMs: now() };
    if ((await bucket.create(nameKey, reservation)) === null) {
      const held = await bucket.get(nameKey, nameRecord);
      const holder = held ? await byId(held.value.id) : null;
      // A reservation whose account is not written yet may be another creation in flight
      // (its password still hashing, a slow store): only one older than ABANDONED_MS is
      // a replica that died between the two writes, and only that is taken over.
      const abandoned = held !== null && now() - (held.value.reservedMs ?? 0) > ABANDONED_MS;
      if (holder || !held || !abandoned || (await bucket.update(nameKey, reservation, held.revision)) === null) throw new NameTaken(a.username);
    }
    const record: AccountRecord = { ...a, id, generation: 0 };
    if ((await bucket.create(keys.user(id), record)) === null) throw new Error(`account ${id} exists already`);
    if (a.id !== undefined) await reserveIdsThrough(a.id);
    return record;
  }

  /** Applies `fn` to the account at the revision read, again on a conflict; null if there is no such account. */
  async function change(id: number, fn: (a: AccountRecord) => AccountRecord): Promise<AccountRecord | null> {
    for (let i = 0; i < CAS_TRIES; i++) {
      const e = await byId(id);
      if (!e) return null;
      const next = fn({ ...e.value });
      if ((await bucket.update(e.key, next, e.revision)) !== null) return next;
    }
    throw new Error(`account ${id} kept changing while being changed`);
  }

  return {
    byId,
    create,
    change,
    reserveIdsThrough,
    async byName(username: string): Promise<AccountRecord | null> {
      const held = await bucket.get(keys.name(username), nameRecord);
      if (!held) return null;
      const a = await byId(held.value.id);
      // A name reserved by an account never written (see create) names nobody.
      return a && a.value.username.toLowerCase() === username.toLowerCase() ? a.value : null;
    },
    /** Every account, from this replica's mirror (the admin page; a change elsewhere shows within the watch's delay). */
    list(): AccountRecord[] {
      return bucket.entries("user.", accountRecord).map((e) => e.value);
    },
    async externalOwner(issuer: string, subject: string): Promise<number | null> {
      const e = await bucket.get(keys.external(issuer, subject), externalRecord);
      return e && e.value.issuer === issuer && e.value.subject === subject ? e.value.userId : null;
    },
    /** Links an identity to an account; false if it is linked already (to whichever account won). */
    async link(issuer: string, subject: string, userId: number, createdMs: number): Promise<boolean> {
      return (await bucket.create(keys.external(issuer, subject), { issuer, subject, userId, createdMs })) !== null;
    },
    /** Whether any identity links to this account (a legacy proxy account is adopted only if not). */
    linked(userId: number): boolean {
      return bucket.entries("ext.", externalRecord).some((e) => e.value.userId === userId);
    },
    /** Takes back an account that lost a race to be an identity's (see external-identities.ts). */
    async discard(a: AccountRecord): Promise<void> {
      await bucket.remove(keys.user(a.id));
      const held = await bucket.get(keys.name(a.username), nameRecord);
      if (held?.value.id === a.id) await bucket.remove(held.key, held.revision);
    },
  };
}

export type AccountRecords = ReturnType<typeof accountRecords>;
