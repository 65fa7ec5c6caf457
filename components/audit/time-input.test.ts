import { describe, expect, it } from "vitest";
import { fromInputValue, inputValue } from "./time-input";

describe("datetime-local values in the chosen zone", () => {
  it("reads and shows UTC as UTC", () => {
    expect(fromInputValue("2026-11-28T10:15", "utc")).toBe("2026-11-28T10:15:00.000Z");
    expect(inputValue("2026-11-28T10:15:42.123Z", "utc")).toBe("2026-11-28T10:15");
  });

  it("round-trips local time through the browser's zone", () => {
    const iso = fromInputValue("2026-03-29T02:30", "local");
    expect(iso).not.toBeNull();
    expect(new Date(iso ?? "").getTime()).toBe(new Date("2026-03-29T02:30").getTime());
    expect(inputValue("2026-11-28T10:15:00.000Z", "local")).toBe(inputValue(fromInputValue(inputValue("2026-11-28T10:15:00.000Z", "local"), "local"), "local"));
  });

  it("takes epoch milliseconds and refuses what is not a time", () => {
    expect(inputValue(String(Date.UTC(2026, 10, 28, 9, 5)), "utc")).toBe("2026-11-28T09:05");
    expect(inputValue("yesterday", "utc")).toBe("");
    expect(fromInputValue("", "utc")).toBeNull();
  });
});
