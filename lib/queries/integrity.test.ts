import { describe, expect, it } from "vitest";
import { integrityHref, integrityRangeSearch, integrityRowsHref } from "./integrity";

const NOW = Date.UTC(2026, 10, 28, 12);

describe("integrity links", () => {
  it("sends signature counts to the Intents list with the same range, the others to this page's list", () => {
    const abs = { range: null, from: "2026-11-01T00:00:00.000Z", to: "2026-11-02T00:00:00.000Z" };
    expect(integrityRowsHref(abs, "invalid")).toBe(
      "/intents?signature=invalid&from=2026-11-01T00%3A00%3A00.000Z&to=2026-11-02T00%3A00%3A00.000Z",
    );
    expect(integrityRowsHref({ range: "24h", from: null, to: null }, "untrusted-signer")).toBe(
      "/intents?signature=untrusted-signer&range=24h",
    );
    expect(integrityRowsHref(abs, "digest-mismatch")).toBe(
      "/audit/integrity?from=2026-11-01T00%3A00%3A00.000Z&to=2026-11-02T00%3A00%3A00.000Z&show=digest-mismatch",
    );
    expect(integrityRowsHref({ range: null, from: null, to: null }, "no-audit")).toBe("/audit/integrity?show=no-audit");
  });

  it("carries the Audit view's range over, a preset it does not know as all time", () => {
    expect(integrityHref({ range: "7d" })).toBe("/audit/integrity?range=7d");
    expect(integrityHref({ range: "all", from: "1", to: "2" })).toBe("/audit/integrity");
    expect(integrityHref({ from: "1764288000000", to: null })).toBe("/audit/integrity?from=1764288000000");
    expect(integrityHref()).toBe("/audit/integrity");
  });

  it("resolves a relative range at now, and passes absolute dates as given", () => {
    expect(integrityRangeSearch({ range: "1h", from: "x", to: "y" }, NOW).toString()).toBe(`from=${NOW - 3_600_000}`);
    expect(integrityRangeSearch({ range: null, from: "2026-11-01", to: null }, NOW).toString()).toBe("from=2026-11-01");
  });
});
