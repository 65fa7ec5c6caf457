import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AuthSettings } from "../env";
import { testAuthSettings } from "../testing/auth-settings";
import { openAuthStore } from "./auth-store";
import { delayAfter } from "./login-throttle";

const dir = mkdtempSync(path.join(tmpdir(), "pilot-throttle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let clock = 1_800_000_000_000;
const settings = (name: string, maxFailures = 3): AuthSettings =>
  testAuthSettings(path.join(dir, `${name}.sqlite`), { admin: { user: "admin", password: "the admin's own password" }, maxFailures });

interface LogLine {
  username: string | null;
  address: string;
  detail: string | null;
}

describe("sign-in throttling", () => {
  it("lets the admin in from their own address while another guesses the admin's password", async () => {
    const s = openAuthStore(settings("owner", 2), () => clock);
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
    const s = openAuthStore(settings("doubling"), () => clock);
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
    const s = openAuthStore(settings("flood"), () => clock);
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
    s.prune();
    const lines = s.db.prepare<LogLine>("SELECT username, address, detail FROM access_log WHERE action = 'sign-in failed'").all();
    // 2 h 20 min is ten 15-minute windows: at most a line each, and one left over.
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines.length).toBeGreaterThan(1);
    const counted = lines.reduce((n, l) => n + Number(JSON.parse(l.detail ?? "{}").attempts), 0);
    expect(counted).toBe(attempts);
    expect(attempts).toBeGreaterThan(100);
  }, 120_000);

  it("prunes expired sessions and throttle state a day old", async () => {
    const s = openAuthStore(settings("prune"), () => clock);
    const u = await s.createUser("fay", "fay's right password", "viewer");
    for (let i = 0; i < 3; i++) s.sessionFor(u, "a");
    for (const address of ["192.0.2.60", "192.0.2.61"]) await s.signIn("nobody", "x", address);
    const count = (table: string) => s.db.prepare<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n;
    expect([count("sessions"), count("login_throttle")]).toEqual([3, 4]);
    clock += 13 * 3_600_000;
    const fresh = s.sessionFor(u, "a");
    s.prune();
    expect(count("sessions")).toBe(1);
    expect(s.userOfSession(fresh)?.username).toBe("fay");
    clock += 12 * 3_600_000;
    s.prune();
    expect(count("login_throttle")).toBe(0);
    expect(count("sessions")).toBe(0);
  }, 60_000);
});
