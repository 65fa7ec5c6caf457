import { describe, expect, it } from "vitest";
import { resultOutcome } from "@/lib/protocol/smith-result";
import { differingFields } from "./intent-copies";
import { noResultAtMs, reportedAs, shownStatus } from "./intent-outcome";

const EXPIRES_NS = "1780315210000999999"; // expires at …210000 ms (and a fraction)

describe("shownStatus", () => {
  it("turns pending into no-result exactly at expiry + grace, and leaves other statuses", () => {
    const at = noResultAtMs(EXPIRES_NS, 60_000);
    expect(at).toBe(1780315210000 + 60_000);
    expect(shownStatus({ status: "pending", expiresAtNs: EXPIRES_NS }, at - 1, 60_000)).toBe("pending");
    expect(shownStatus({ status: "pending", expiresAtNs: EXPIRES_NS }, at, 60_000)).toBe("no-result");
    expect(shownStatus({ status: "ok", expiresAtNs: EXPIRES_NS }, at + 1e9, 60_000)).toBe("ok");
  });
});

describe("resultOutcome and reportedAs", () => {
  const other = (message: string) => ({ code: "EXECUTION_OTHER", message });
  it.each([
    ["error", other("Runner execution completed with status: Timeout"), "timeout"],
    ["error", other("Runner execution completed with status: Killed\n"), "killed"],
    ["failed", other("Runner execution completed with status: Timeout"), "timeout"],
    ["error", other("Runner execution completed with status: Denied"), "error"],
    ["error", { code: "EXECUTION_ERROR", message: "…status: Timeout" }, "error"],
    ["ok", other("Runner execution completed with status: Timeout"), "ok"],
    ["timeout", null, "timeout"],
    ["success", null, "ok"],
  ] as const)("files %s with %j as %s", (status, error, outcome) => {
    expect(resultOutcome(status, error)).toBe(outcome);
  });

  it("says how the result put a derived outcome, and nothing when they agree", () => {
    expect(reportedAs({ status: "timeout", resultStatus: "error", errorCode: "EXECUTION_OTHER" })).toBe("error / EXECUTION_OTHER");
    expect(reportedAs({ status: "timeout", resultStatus: "timeout", errorCode: null })).toBeNull();
    expect(reportedAs({ status: "error", resultStatus: "error", errorCode: "EXECUTION_OTHER" })).toBeNull();
    expect(reportedAs({ status: "no-result", resultStatus: null, errorCode: null })).toBeNull();
  });
});

describe("differingFields", () => {
  it("names the top-level fields two copies differ in, ignoring key order and spacing", () => {
    const a = '{"id":"x","params":{"path":"/a"},"created_at_ns":1780315210000999999,"signature_b64":"s"}';
    const b = '{"params": {"path":"/etc/shadow"}, "id":"x","created_at_ns":1780315210000999999,"signature_b64":"s"}';
    expect(differingFields(a, b)).toEqual(["params"]);
    expect(differingFields(a, a.replace(/,/g, ", "))).toEqual([]);
    expect(differingFields(a, '{"id":"x","created_at_ns":1780315210000999998}')).toEqual(["params", "created_at_ns", "signature_b64"]);
    expect(differingFields(a, "[1]")).toBeNull();
  });
});
