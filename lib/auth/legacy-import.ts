import { z } from "zod";
import type { AccountRecords } from "./account-records";
import type { AuthDb } from "./auth-db";
import type { SharedBucket } from "./shared-bucket";
import { initRecord, keys, type InitRecord } from "./shared-records";

const legacyUser = z.object({
  id: z.number().int().positive(),
  username: z.string().min(1),
  password_hash: z.string().nullable(),
  role: z.enum(["viewer", "auditor", "admin"]),
  disabled: z.number().int(),
  source: z.string(),
  created_ms: z.number(),
});
const legacyIdentity = z.object({ issuer: z.string(), subject: z.string(), user_id: z.number().int().positive(), created_ms: z.number() });

/** A claim older than this whose replica never finished is taken over (it died mid-import). */
const STALE_CLAIM_MS = 120_000;
const WAIT_MS = 60_000;

/**
 * Brings the accounts of an older Pilot's `auth.sqlite` (PILOT_AUTH_DB_PATH) into the
 * shared store, once: only when the store holds no account yet, and only by one replica.
 * The replica that creates `meta.init` (create-if-absent: of two starting at once, one
 * wins) imports; any other waits until it says done. An import is idempotent (an account
 * or identity already there is skipped), so a replica that takes over a claim left by one
 * that died finishes the job without doubling anything. Imported: accounts with their ids,
 * password hashes, roles and disabled flags, and their external identities. Not imported:
 * sessions (everyone signs in once more) and the old access-log lines (they stay in the
 * file). Everything it does is said in the server log.
 */
export async function importLegacyAccounts(o: { db: AuthDb; file: string; bucket: SharedBucket; accounts: AccountRecords; storeName: string; replica: string; now: () => number }): Promise<void> {
  const { db, bucket, accounts } = o;
  const users = db.prepare("SELECT id, username, password_hash, role, disabled, source, created_ms FROM users ORDER BY id").all().flatMap((r) => {
    const p = legacyUser.safeParse(r);
    return p.success ? [p.data] : [];
  });
  if (users.length === 0) return;
  const say = (s: string) => console.warn(`[auth] ${o.file}: ${s}`);

  const claim = (): InitRecord => ({ by: o.replica, atMs: o.now(), state: "importing", imported: 0 });
  let won = accounts.list().length === 0 && (await bucket.create(keys.init, claim())) !== null;
  const deadline = Date.now() + WAIT_MS;
  while (!won) {
    const init = await bucket.get(keys.init, initRecord);
    if (!init) {
      // Accounts made without an import (a store set up by another Pilot): nothing to do.
      say(`${users.length} account(s) in this file were not imported: the shared store ${o.storeName} has accounts already`);
      return;
    }
    if (init.value.state === "done") {
      say(`${users.length} account(s) in this file were not imported: the shared store ${o.storeName} was set up by ${init.value.by} (${init.value.imported} imported); manage accounts at /admin/users`);
      return;
    }
    if (o.now() - init.value.atMs > STALE_CLAIM_MS) {
      won = (await bucket.update(keys.init, claim(), init.revision)) !== null;
      if (won) say(`taking over the import ${init.value.by} started and did not finish`);
      continue;
    }
    if (Date.now() > deadline) {
      say(`${init.value.by} is still importing into ${o.storeName}: serving without waiting for it`);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  let imported = 0;
  for (const u of users) {
    if (await accounts.byId(u.id)) continue;
    if (await accounts.byName(u.username)) continue;
    await accounts.create({ id: u.id, username: u.username, passwordHash: u.password_hash, role: u.role, disabled: u.disabled === 1, source: u.source, createdMs: u.created_ms });
    imported++;
  }
  let linked = 0;
  const identities = db.prepare("SELECT issuer, subject, user_id, created_ms FROM external_identities").all();
  for (const r of identities) {
    const p = legacyIdentity.safeParse(r);
    if (p.success && (await accounts.link(p.data.issuer, p.data.subject, p.data.user_id, p.data.created_ms))) linked++;
  }
  const init = await bucket.get(keys.init, initRecord);
  const done: InitRecord = { by: o.replica, atMs: o.now(), state: "done", imported };
  if (init) await bucket.update(keys.init, done, init.revision);
  say(`imported ${imported} account(s) and ${linked} external identit${linked === 1 ? "y" : "ies"} into the shared store ${o.storeName}, once for every replica (the file is no longer read for sign-in)`);
}
