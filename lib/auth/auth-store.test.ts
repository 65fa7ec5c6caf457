import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuthSettings } from "../env";
import { startAuthNats, type AuthNats } from "../testing/shared-auth";
import { generatePassword, hashPassword, verifyPassword } from "./passwords";
import { hasRole } from "./roles";
import { jetstream } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { ABANDONED_MS, NameTaken } from "./account-records";
import { sharedNames } from "./shared-names";
import { keys } from "./shared-records";

// Against a real nats-server: the store is its KV buckets and log stream.
let nats: AuthNats;
beforeAll(async () => {
  nats = await startAuthNats();
});
afterAll(() => nats?.stop());

let clock = 1_800_000_000_000;
/** A store of its own (its own buckets) for each test. */
function openAuthStore(name: string, more: Partial<AuthSettings> = {}) {
  return nats.replica({ store: `T_${name.toUpperCase().replace(/-/g, "_")}`, more, now: () => clock });
}

describe("passwords", () => {
  it("hashes with a fresh salt and verifies only the right password", async () => {
    const a = await hashPassword("s3cret-password");
    const b = await hashPassword("s3cret-password");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword("s3cret-password", a)).toBe(true);
    expect(await verifyPassword("s3cret-passworD", a)).toBe(false);
    for (const bad of ["", "scrypt$1$1$1$x$y", "bcrypt$x", "scrypt$99999999$8$1$AA==$AA=="]) expect(await verifyPassword("x", bad)).toBe(false);
    expect(generatePassword()).toMatch(/^[A-Za-z0-9]{24}$/);
  }, 30_000);
});

describe("auth store", () => {
  it("creates the first admin from the environment, once, and signs in with its password", async () => {
    const s = await openAuthStore("first");
    await s.ensureFirstAdmin();
    await s.ensureFirstAdmin();
    expect(s.listUsers().map((u) => [u.username, u.role])).toEqual([["admin", "admin"]]);
    const ok = await s.signIn("ADMIN", "correct horse battery", "10.0.0.1");
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    expect((await s.userOfSession(ok.token))?.username).toBe("admin");
    expect(await s.userOfSession(`${ok.token}x`)).toBeNull();
    await s.signOut(ok.token);
    expect(await s.userOfSession(ok.token)).toBeNull();
  }, 30_000);

  it("creates the first admin once when sign-ins arrive together", async () => {
    const s = await openAuthStore("first-together");
    await Promise.all([s.ensureFirstAdmin(), s.ensureFirstAdmin(), s.ensureFirstAdmin()]);
    expect(s.listUsers().map((u) => [u.username, u.role])).toEqual([["admin", "admin"]]);
  }, 60_000);

  it("leaves a name to a creation still under way, and takes over one abandoned for a minute", async () => {
    const s = await openAuthStore("reserved");
    // Another replica reserved "cy" and has not written the account yet (its hash running, or it died).
    const kv = await new Kvm(jetstream(s.nc)).open(sharedNames("T_RESERVED").accounts);
    await kv.create(keys.name("cy"), JSON.stringify({ id: 77, reservedMs: clock }));
    await expect(s.createUser("cy", "right password 9", "viewer")).rejects.toBeInstanceOf(NameTaken);
    clock += ABANDONED_MS + 1_000;
    const cy = await s.createUser("cy", "right password 9", "viewer");
    expect(cy.username).toBe("cy");
    expect((await s.signIn("cy", "right password 9", "10.0.0.9")).ok).toBe(true);
  }, 60_000);

  it("slows one address on one account after repeated failures, even with the right password, then lets it in again", async () => {
    const s = await openAuthStore("lock");
    await s.createUser("ana", "right password 1", "auditor");
    for (let i = 0; i < 3; i++) expect(await s.signIn("ana", "wrong", "10.0.0.2")).toEqual({ ok: false, reason: "invalid" });
    const locked = await s.signIn("ana", "right password 1", "10.0.0.2");
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    clock += 16 * 60_000;
    expect((await s.signIn("ana", "right password 1", "10.0.0.2")).ok).toBe(true);
  }, 60_000);

  it("limits one address across accounts, and does not tell a missing account from a wrong password", async () => {
    const s = await openAuthStore("address", { maxFailures: 1 });
    await s.createUser("bo", "right password 2", "viewer");
    for (const name of ["x1", "x2", "x3", "x4"]) expect(await s.signIn(name, "nope", "10.9.9.9")).toEqual({ ok: false, reason: "invalid" });
    expect(await s.signIn("bo", "right password 2", "10.9.9.9")).toMatchObject({ ok: false, reason: "locked" });
    expect((await s.signIn("bo", "right password 2", "10.0.0.3")).ok).toBe(true);
  }, 60_000);

  it("ends sessions on idle and absolute timeouts, and when the account is disabled", async () => {
    const s = await openAuthStore("timeouts");
    const u = await s.createUser("cy", "right password 3", "viewer");
    const first = await s.signIn("cy", "right password 3", "a");
    if (!first.ok) throw new Error("sign-in failed");
    clock += 29 * 60_000;
    expect(await s.userOfSession(first.token)).not.toBeNull();
    clock += 31 * 60_000;
    expect(await s.userOfSession(first.token)).toBeNull();

    const second = await s.sessionFor(u, "a");
    for (let i = 0; i < 25; i++) {
      clock += 29 * 60_000;
      if (i < 24) expect(await s.userOfSession(second), `after ${(i + 1) * 29} min`).not.toBeNull();
    }
    expect(await s.userOfSession(second)).toBeNull();

    // A check that is not use (a live tab renewing its NATS credential) lets the session idle out.
    const quiet = await s.sessionFor(u, "a");
    clock += 20 * 60_000;
    expect(await s.userOfSession(quiet, false)).not.toBeNull();
    clock += 20 * 60_000;
    expect(await s.userOfSession(quiet, false)).toBeNull();

    const third = await s.sessionFor(u, "a");
    await s.updateUser(u.id, { disabled: true });
    expect(await s.userOfSession(third)).toBeNull();
    expect(await s.signIn("cy", "right password 3", "a")).toMatchObject({ ok: false });
  }, 60_000);

  it("ends the user's other sessions on a password change, and keeps the one that made it", async () => {
    const s = await openAuthStore("password-change");
    const u = await s.createUser("dan", "dan's first password", "admin");
    const [laptop, phone, here] = [await s.sessionFor(u, "a"), await s.sessionFor(u, "b"), await s.sessionFor(u, "c")];
    await s.updateUser(u.id, { password: "dan's second password" }, here);
    expect([await s.userOfSession(laptop), await s.userOfSession(phone)]).toEqual([null, null]);
    expect((await s.userOfSession(here))?.username).toBe("dan");
    // Changed by someone else (an admin resetting it): no session of the user survives.
    await s.updateUser(u.id, { password: "dan's third password" });
    expect(await s.userOfSession(here)).toBeNull();
    // A role change alone signs nobody out.
    const kept = await s.sessionFor(u, "a");
    await s.updateUser(u.id, { role: "viewer" });
    expect((await s.userOfSession(kept))?.role).toBe("viewer");
  }, 60_000);

  it("gives a new token at every sign-in and ends the one the browser had", async () => {
    const s = await openAuthStore("rotate");
    await s.createUser("eli", "eli's right password", "viewer");
    const first = await s.signIn("eli", "eli's right password", "a");
    if (!first.ok) throw new Error("sign-in failed");
    const second = await s.signIn("eli", "eli's right password", "a", first.token);
    if (!second.ok) throw new Error("sign-in failed");
    expect(second.token).not.toBe(first.token);
    expect(await s.userOfSession(first.token)).toBeNull();
    expect((await s.userOfSession(second.token))?.username).toBe("eli");
  }, 60_000);

  it("ends every session of a disabled account for good: enabling it again brings none back", async () => {
    const s = await openAuthStore("disable");
    const u = await s.createUser("flo", "flo's right password", "viewer");
    const tokens = [await s.sessionFor(u, "a"), await s.sessionFor(u, "b")];
    await s.updateUser(u.id, { disabled: true });
    await s.updateUser(u.id, { disabled: false });
    for (const t of tokens) expect(await s.userOfSession(t)).toBeNull();
  }, 60_000);

  it("appends the access log to its stream, read back newest first", async () => {
    const s = await openAuthStore("log");
    s.log({ username: "admin", address: "a", action: "sign-in" });
    s.log({ username: "admin", address: "a", action: "view", target: "/audit" });
    await s.shared.log.catchUp();
    const rows = s.shared.db.prepare<{ action: string }>("SELECT action FROM shared_log_cache ORDER BY id DESC").all();
    expect(rows.map((r) => r.action)).toEqual(["view", "sign-in"]);
  });

  it("orders roles", () => {
    expect([hasRole("admin", "auditor"), hasRole("auditor", "viewer"), hasRole("viewer", "auditor")]).toEqual([true, true, false]);
  });
});
