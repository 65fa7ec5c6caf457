import { describe, expect, it } from "vitest";
import { parseRepeatArgs, summary } from "./repeat-args";

describe("parseRepeatArgs", () => {
  it("reads --repeat N and --busy, and passes anything else on to vitest", () => {
    expect(parseRepeatArgs(["--repeat", "3", "--busy", "e2e/faults/cluster.test.ts"])).toEqual({
      repeat: 3,
      busy: true,
      rest: ["e2e/faults/cluster.test.ts"],
    });
    expect(parseRepeatArgs(["--repeat=2"])).toEqual({ repeat: 2, busy: false, rest: [] });
    expect(parseRepeatArgs([])).toEqual({ repeat: 10, busy: false, rest: [] });
  });

  it("refuses a count that is not a whole number of runs", () => {
    expect(() => parseRepeatArgs(["--repeat", "x"])).toThrow(/whole number/);
    expect(() => parseRepeatArgs(["--repeat", "0"])).toThrow(/whole number/);
  });
});

describe("summary", () => {
  it("says how each run went and how many passed", () => {
    expect(
      summary(
        [
          { ok: true, seconds: 300, failed: [] },
          { ok: false, seconds: 410, failed: ["cluster.test.ts > the node …"] },
        ],
        true,
      ),
    ).toEqual([
      "run 1/2: PASS in 300 s",
      "run 2/2: FAIL in 410 s — cluster.test.ts > the node …",
      "fault suite ×2 with one core kept busy: 1 of 2 passed",
      "1 passed, 1 failed",
    ]);
  });
});
