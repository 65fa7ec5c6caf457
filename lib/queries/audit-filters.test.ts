import { describe, expect, it } from "vitest";
import { auditFilterSearch, auditFiltersOf, resolveRange } from "./audit-filters";

const none = { q: null, range: null, from: null, to: null };
const NOW = Date.UTC(2026, 10, 28, 12, 0);

describe("audit filters", () => {
  it("defaults to all time: no bound hides live data", () => {
    expect(resolveRange(none, NOW)).toEqual({ from: null, to: null });
    expect(resolveRange({ ...none, range: "all", from: "2026-01-01T00:00:00Z" }, NOW)).toEqual({ from: null, to: null });
  });

  it("ends a relative range now, whatever absolute bounds linger", () => {
    expect(resolveRange({ ...none, range: "1h", to: "2026-01-01T00:00:00Z" }, NOW)).toEqual({ from: NOW - 3_600_000, to: null });
  });

  it("passes the query and an absolute range to the API as epoch ms", () => {
    const s = auditFilterSearch(auditFiltersOf({ q: "  decision:deny  ", range: null, from: "2026-11-28T10:00:00.000Z", to: "1764327600000" }), NOW, { limit: "200", cursor: null });
    expect(Object.fromEntries(s)).toEqual({ q: "decision:deny", from: String(Date.UTC(2026, 10, 28, 10)), to: "1764327600000", limit: "200" });
  });
});
