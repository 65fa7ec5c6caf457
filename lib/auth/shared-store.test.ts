import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAuthNats, type AuthNats } from "../testing/shared-auth";
import { openAuthDb } from "./auth-db";
import { searchAccessLog } from "./access-log-query";
import { openLoginThrottle } from "./login-throttle";
import { hashPassword } from "./passwords";
import { keys, throttleRecord } from "./shared-records";
import { StoreUnavailable } from "./store-link";

// Two replicas of the auth store in one process, each with its own NATS connection and its
// own auth.sqlite, sharing one store on a real nats-server: what one does, the other sees
// on its very next check.
let nats: AuthNats;
beforeAll(async () => {
  nats = await startAuthNats();
});
afterAll(() => nats?.stop());

const twoReplicas = async (store: string) => [await nats.replica({ store }), await nats.replica({ store })] as const;

describe("one store for every replica", () => {
  it("refuses on B, at once, a session that A disabled, signed out or ended by a password change", async () => {
    const [a, b] = await twoReplicas("T_AT_ONCE");
    const u = await a.createUser("gil", "gil's first password", "viewer");
    const onB = await b.signIn("gil", "gil's first password", "10.1.0.1");
    if (!onB.ok) throw new Error("sign-in on B failed");
    expect((await a.userOfSession(onB.token))?.username).toBe("gil");

    await a.updateUser(u.id, { disabled: true });
    expect(await b.userOfSession(onB.token)).toBeNull();
    await a.updateUser(u.id, { disabled: false });
    // Enabled again: the session ended for good; a new sign-in works on either.
    expect(await b.userOfSession(onB.token)).toBeNull();

    const again = await b.signIn("gil", "gil's first password", "10.1.0.1");
    if (!again.ok) throw new Error("sign-in on B failed");
    await a.updateUser(u.id, { password: "gil's second password" });
    expect(await b.userOfSession(again.token)).toBeNull();
    expect(await b.signIn("gil", "gil's first password", "10.1.0.2")).toMatchObject({ ok: false, reason: "invalid" });

    const third = await b.signIn("gil", "gil's second password", "10.1.0.1");
    if (!third.ok) throw new Error("sign-in on B failed");
    await a.signOut(third.token);
    expect(await b.userOfSession(third.token)).toBeNull();
  }, 120_000);

  it("gives one name one account, whichever replica creates it", async () => {
    const [a, b] = await twoReplicas("T_NAMES");
    const results = await Promise.allSettled([a.createUser("hal", null, "viewer"), b.createUser("HAL", null, "admin")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(a.listUsers()).toHaveLength(1);
  });

  it("creates the first admin once when two replicas start on an empty store together", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const [a, b] = await twoReplicas("T_FIRST");
    await Promise.all([a.ensureFirstAdmin(), b.ensureFirstAdmin(), a.ensureFirstAdmin()]);
    await vi.waitFor(() => expect(b.listUsers().map((u) => [u.username, u.role])).toEqual([["admin", "admin"]]));
    expect(a.listUsers()).toHaveLength(1);
    warn.mockRestore();
  }, 60_000);

  it("counts every failure two replicas record at the same moment (compare-and-set, no lost update)", async () => {
    const [a, b] = await twoReplicas("T_CAS");
    const clock = () => 1_900_000_000_000;
    const [ta, tb] = [openLoginThrottle(a.shared.throttle, 3, clock), openLoginThrottle(b.shared.throttle, 3, clock)];
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? ta : tb).failed("ivy", "10.2.0.1")));
    const row = await a.shared.throttle.get(keys.throttle("10.2.0.1", "ivy"), throttleRecord);
    expect(row?.value.failures).toBe(12);
    expect(await tb.wait("ivy", "10.2.0.1")).toBeGreaterThan(0);
  });

  it("keeps one access log: lines from both replicas, read from either, newest first", async () => {
    const [a, b] = await twoReplicas("T_LOG");
    a.log({ username: "ann", address: "10.3.0.1", action: "sign-in" });
    await a.shared.log.catchUp();
    b.log({ username: "bob", address: "10.3.0.2", action: "sign-in failed", detail: { attempts: 1 } });
    await b.shared.log.catchUp();
    for (const r of [a, b]) {
      await r.shared.log.catchUp();
      const page = searchAccessLog(r.shared.db, {}, 10);
      expect(page.items.map((i) => [i.username, i.action])).toEqual([
        ["bob", "sign-in failed"],
        ["ann", "sign-in"],
      ]);
      expect(searchAccessLog(r.shared.db, { username: "ANN" }, 10).total).toBe(1);
    }
  });
});

describe("the import of an older auth.sqlite", () => {
  it("imports its accounts and identities once, when two replicas with it start at once", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const file = "legacy.sqlite";
    const db = openAuthDb(path.join(nats.dir, file));
    const hash = await hashPassword("jo's old password");
    db.prepare("INSERT INTO users (id, username, password_hash, role, disabled, source, created_ms) VALUES (7, 'jo', ?, 'admin', 0, 'local', 1)").run(hash);
    db.prepare("INSERT INTO users (id, username, password_hash, role, disabled, source, created_ms) VALUES (9, 'kim', NULL, 'viewer', 1, 'oidc', 2)").run();
    db.prepare("INSERT INTO external_identities (issuer, subject, user_id, created_ms) VALUES ('https://idp', 'k-1', 9, 2)").run();
    db.close();
    // Two replicas given the same file (a copy on each machine), starting together.
    const [a, b] = await Promise.all([nats.replica({ store: "T_IMPORT", file }), nats.replica({ store: "T_IMPORT", file })]);
    const said = vi.mocked(console.warn).mock.calls.map((c) => String(c[0]));
    expect(said.filter((s) => s.includes("imported 2 account(s)"))).toHaveLength(1);
    expect(said.filter((s) => s.includes("were not imported"))).toHaveLength(1);
    for (const r of [a, b]) expect(r.listUsers().map((u) => [u.id, u.username, u.role, u.disabled])).toEqual([
      [7, "jo", "admin", false],
      [9, "kim", "viewer", true],
    ]);
    expect((await b.signIn("jo", "jo's old password", "10.4.0.1")).ok).toBe(true);
    expect(await a.accounts.externalOwner("https://idp", "k-1")).toBe(9);
    // Ids go on after the imported ones.
    expect((await a.createUser("lee", null, "viewer")).id).toBe(10);
    // A replica started later with its own file imports nothing: the store has accounts.
    const other = "other.sqlite";
    const odb = openAuthDb(path.join(nats.dir, other));
    odb.prepare("INSERT INTO users (username, password_hash, role, source, created_ms) VALUES ('mo', NULL, 'viewer', 'local', 3)").run();
    odb.close();
    const c = await nats.replica({ store: "T_IMPORT", file: other });
    expect(await c.findUser("mo")).toBeNull();
    vi.mocked(console.warn).mockRestore();
  }, 120_000);
});

describe("NATS unreachable", () => {
  it("checks sessions against the last known state, refuses sign-ins and changes with StoreUnavailable, and sends the log later", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const [a, b] = await twoReplicas("T_DOWN");
    const u = await a.createUser("nia", "nia's right password", "viewer");
    const s = await b.signIn("nia", "nia's right password", "10.5.0.1");
    if (!s.ok) throw new Error("sign-in failed");
    // B's mirror has the session (its own write) and the account (the watch).
    await vi.waitFor(() => expect(b.listUsers().map((x) => x.username)).toContain("nia"));
    await stopFor(async () => {
      await vi.waitFor(() => expect(b.shared.link.isUp).toBe(false));
      expect((await b.userOfSession(s.token))?.username).toBe("nia");
      await expect(b.signIn("nia", "nia's right password", "10.5.0.1")).rejects.toBeInstanceOf(StoreUnavailable);
      await expect(b.updateUser(u.id, { disabled: true })).rejects.toBeInstanceOf(StoreUnavailable);
      b.log({ username: "nia", address: "10.5.0.1", action: "view", target: "/while-away" });
    });
    await vi.waitFor(() => expect(b.shared.link.isUp).toBe(true), { timeout: 15_000 });
    await vi.waitFor(async () => {
      await a.shared.log.catchUp();
      expect(searchAccessLog(a.shared.db, { text: "while-away" }, 10).total).toBe(1);
    }, { timeout: 15_000 });
    expect(warn.mock.calls.some((c) => String(c[0]).includes("unreachable"))).toBe(true);
    warn.mockRestore();
  }, 120_000);
});

/** Stops nats-server while `fn` runs, then starts it again on the same ports and store. */
async function stopFor(fn: () => Promise<void>): Promise<void> {
  await nats.stopServer();
  try {
    await fn();
  } finally {
    await nats.startServer();
  }
}
