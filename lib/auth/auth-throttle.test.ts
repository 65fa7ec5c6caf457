import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthNats, type AuthNats } from "../testing/shared-auth";
import { delayAfter } from "./login-throttle";
import { throttleRecord } from "./shared-records";

// Against a real nats-server: the throttle rows are in the shared store's KV bucket.
let nats: AuthNats;
beforeAll(async () => {
  nats = await startAuthNats();
});
afterAll(() => nats?.stop());

let clock = 1_800_000_000_000;
const openAuthStore = (name: string, maxFailures = 3) =>
  nats.replica({ store: `T_${name.toUpperCase()}`, more: { admin: { user: "admin", password: "the admin's own password" }, maxFailures }, now: () => clock });

interface LogLine {
  username: string | null;
  address: string;
  detail: string | null;
}

describe("sign-in throttling", () => {
  it("lets the admin in from their own address while another guesses the admin's password", async () => {
    const s = await openAuthStore("owner", 2);
    await s.ensureFirstAdmin();
    // A guessing run against `admin` from two addresses, past every limit.
    for (const address of ["203.0.113.1", "203.0.113.2"]) {
      for (let i = 0; i < 3; i++) await s.signIn("admin", `guess ${i}`, address);
      expect(await s.signIn("admin", "the admin's own password", address)).toMatchObject({ ok: false, reason: "locked" });
    }
    const owner = await s.signIn("admin", "the admin's own password", "198.51.100.7");
    expect(owner.ok).toBe(true);
  }, 60_000);

  it("makes each further guess from one address wait longer, doubling up to an hour", async () => {
    expect([0, 1, 2].map((n) => delayAfter(n, 3))).toEqual([0, 0, 0]);
    expect([3, 4, 5, 8, 9, 40].map((n) => delayAfter(n, 3) / 60_000)).toEqual([1, 2, 4, 32, 60, 60]);
    const s = await openAuthStore("doubling");
    await s.createUser("dee", "dee's right password", "viewer");
    for (let i = 0; i < 3; i++) expect(await s.signIn("dee", "wrong", "192.0.2.9")).toEqual({ ok: false, reason: "invalid" });
    for (const minutes of [1, 2]) {
      const refused = await s.signIn("dee", "dee's right password", "192.0.2.9");
      expect(refused).toMatchObject({ ok: false, reason: "locked", retryAfterMs: minutes * 60_000 });
      clock += minutes * 60_000;
      expect(await s.signIn("dee", "wrong again", "192.0.2.9")).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await s.signIn("dee", "dee's right password", "192.0.2.9")).toMatchObject({ retryAfterMs: 4 * 60_000 });
  }, 60_000);

  it("writes one access-log line per window for a flood of failures, counting every attempt", async () => {
    const s = await openAuthStore("flood");
    await s.createUser("eve", "eve's right password", "viewer");
    const start = clock;
    let attempts = 0;
    // Two hours of guessing as fast as the throttle lets through, and refused tries between.
    while (clock - start < 2 * 3_600_000) {
      const r = await s.signIn("eve", "guess", "192.0.2.50");
      attempts++;
      if (!r.ok && r.reason === "locked") {
        for (let i = 0; i < 20; i++, attempts++) await s.signIn("eve", "guess", "192.0.2.50");
        clock += r.retryAfterMs ?? 0;
      }
    }
    clock += 20 * 60_000;
    await s.prune();
    await s.shared.log.catchUp();
    const lines = s.shared.db.prepare<LogLine>("SELECT username, address, detail FROM shared_log_cache WHERE action = 'sign-in failed'").all();
    // 2 h 20 min is ten 15-minute windows: at most a line each, and one left over.
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines.length).toBeGreaterThan(1);
    const counted = lines.reduce((n, l) => n + Number(JSON.parse(l.detail ?? "{}").attempts), 0);
    expect(counted).toBe(attempts);
    expect(attempts).toBeGreaterThan(100);
  }, 120_000);

  it("prunes expired sessions and throttle state a day old", async () => {
    const s = await openAuthStore("prune");
    const u = await s.createUser("fay", "fay's right password", "viewer");
    for (let i = 0; i < 3; i++) await s.sessionFor(u, "a");
    for (const address of ["192.0.2.60", "192.0.2.61"]) await s.signIn("nobody", "x", address);
    const sessions = () => s.sessions.count();
    const throttleRows = () => s.shared.throttle.entries("t.", throttleRecord).length;
    expect([sessions(), throttleRows()]).toEqual([3, 4]);
    clock += 13 * 3_600_000;
    const fresh = await s.sessionFor(u, "a");
    await s.prune();
    expect(sessions()).toBe(1);
    expect((await s.userOfSession(fresh))?.username).toBe("fay");
    clock += 12 * 3_600_000;
    await s.prune();
    expect(throttleRows()).toBe(0);
    expect(sessions()).toBe(0);
  }, 60_000);
});
