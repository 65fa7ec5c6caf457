import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startAuthNats, type AuthNats } from "../testing/shared-auth";

/** Every scrypt Pilot starts, counted on its way to Node's own (which still does the work). */
const hashes = vi.hoisted(() => ({ running: 0, peak: 0, started: 0 }));
vi.mock("node:crypto", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:crypto")>();
  const scrypt = (password: string, salt: Buffer, keylen: number, options: object, done: (err: Error | null, key: Buffer) => void) => {
    hashes.started++;
    hashes.peak = Math.max(hashes.peak, ++hashes.running);
    real.scrypt(password, salt, keylen, options, (err, key) => {
      hashes.running--;
      done(err, key);
    });
  };
  return { ...real, scrypt, default: { ...real, scrypt } };
});

let nats: AuthNats;
beforeAll(async () => {
  nats = await startAuthNats();
});
afterAll(() => nats?.stop());

it("never runs more than the bound of password hashes at once, and refuses the excess at once", async () => {
  const s = await nats.replica({ store: "T_HASHES", more: { admin: { user: "admin", password: null }, idleMs: 60_000, maxMs: 60_000, maxFailures: 5 } });
  // 16 sign-ins at once, each with a user name nobody has, each from its own address.
  const started = Date.now();
  const answers = await Promise.all(
    Array.from({ length: 16 }, async (_, i) => {
      const r = await s.signIn(`nobody-${i}`, "guess", `192.0.2.${i + 1}`);
      return { reason: r.ok ? "ok" : r.reason, ms: Date.now() - started };
    }),
  );
  expect(hashes.peak).toBeLessThanOrEqual(2);
  // Two ran, two waited their turn; the other twelve were told "busy" without a hash.
  expect(answers.filter((a) => a.reason === "invalid")).toHaveLength(4);
  expect(hashes.started).toBe(4);
  const busy = answers.filter((a) => a.reason === "busy");
  expect(busy).toHaveLength(12);
  const firstHashDone = Math.min(...answers.filter((a) => a.reason === "invalid").map((a) => a.ms));
  for (const b of busy) expect(b.ms).toBeLessThan(firstHashDone);
}, 60_000);
