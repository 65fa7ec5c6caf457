import { describe, expect, it } from "vitest";
import { dispositionFilename, RecordCounter } from "./export-progress";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("RecordCounter", () => {
  it("counts CSV records, not the newlines inside quoted values, across chunk borders", () => {
    const c = new RecordCounter("csv");
    for (const part of ['id,note\n1,"two\nli', 'nes ""quoted"""\n2,plain\n']) c.push(bytes(part));
    expect(c.records()).toBe(2);
  });

  it("counts JSONL lines", () => {
    const c = new RecordCounter("jsonl");
    c.push(bytes('{"a":1}\n{"a":'));
    c.push(bytes('2}\n'));
    expect(c.records()).toBe(2);
  });
});

describe("dispositionFilename", () => {
  it("reads quoted, bare and RFC 5987 names and refuses paths", () => {
    expect(dispositionFilename('attachment; filename="pilot-audit-all-20261128T101500Z.csv"')).toBe("pilot-audit-all-20261128T101500Z.csv");
    expect(dispositionFilename("attachment; filename=a.jsonl")).toBe("a.jsonl");
    expect(dispositionFilename("attachment; filename*=UTF-8''caf%C3%A9.csv; filename=\"x.csv\"")).toBe("café.csv");
    expect(dispositionFilename('attachment; filename="../etc/passwd"')).toBeNull();
    expect(dispositionFilename(null)).toBeNull();
  });
});
