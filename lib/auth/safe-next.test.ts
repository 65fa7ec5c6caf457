import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

/** Where a browser on https://pilot.example would land after `location = safeNext(next)`. */
const landing = (next: string | null) => new URL(safeNext(next), "https://pilot.example/signin");

describe("safeNext", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    for (const next of ["/", "/intents", "/sessions?state=running", "/audit?q=a%20b#row-3", "/intents/01890000-0000-7000-8000-00000000abcd"]) expect(safeNext(next)).toBe(next);
  });

  it("never leaves the site, whatever the classic bypasses try", () => {
    const attacks = [
      "/\t/evil.example", // the TAB of ?next=%2F%09%2Fevil.example, dropped by browsers
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\u0000/evil.example",
      "//evil.example",
      "///evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      "\\/evil.example",
      "https://evil.example",
      "https:evil.example",
      "//evil.example/%2F..",
      "/.//evil.example",
      "/..//evil.example",
      "/a/..//evil.example",
      " //evil.example",
      "\t//evil.example",
      "javascript:alert(1)",
      "/javascript:alert(1)//",
      "data:text/html,x",
      "evil.example",
      "",
      null,
    ];
    for (const next of attacks) {
      const to = landing(next);
      expect(to.origin, JSON.stringify(next)).toBe("https://pilot.example");
      expect(safeNext(next).startsWith("//"), JSON.stringify(next)).toBe(false);
    }
    expect(safeNext("/\t/evil.example")).toBe("/");
    expect(safeNext("/.//evil.example")).toBe("/");
  });
});
