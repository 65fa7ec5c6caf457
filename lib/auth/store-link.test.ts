import { afterEach, expect, it, vi } from "vitest";
import { StoreLink } from "./store-link";

afterEach(() => vi.useRealTimers());

it("comes back up by its probe after a failed read, without a reconnect event, and says both in the log", async () => {
  vi.useFakeTimers();
  const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
  const link = new StoreLink(null);
  expect(link.isUp).toBe(false);
  let answers = false;
  link.setProbe(() => (answers ? Promise.resolve() : Promise.reject(new Error("timeout"))));
  await vi.advanceTimersByTimeAsync(4_100);
  expect(link.isUp).toBe(false);
  answers = true;
  await vi.advanceTimersByTimeAsync(2_100);
  expect(link.isUp).toBe(true);
  expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining("unreachable (no connection to NATS)"), expect.stringContaining("reachable again")]);
  link.close();
  warn.mockRestore();
});
