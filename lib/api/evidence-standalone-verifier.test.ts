import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MEMBERS } from "@/lib/evidence/format";
import { buildStandaloneVerifier, STANDALONE_VERIFIER } from "@/lib/evidence/build-verifier";
import { exportedBundleFixture } from "./test-evidence-bundle";

const ev = exportedBundleFixture();

describe("the standalone verifier (one file, Node's built-ins only)", () => {
  it("is the committed file, built fresh from lib/evidence", async () => {
    const fresh = await buildStandaloneVerifier();
    expect(readFileSync(STANDALONE_VERIFIER, "utf8")).toBe(fresh);
    const imports = [...fresh.matchAll(/\bfrom "([^"]+)"|\bimport\("([^"]+)"\)|\brequire\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(imports.length).toBeGreaterThan(0);
    for (const i of imports) expect(i, "an import of the standalone file").toMatch(/^node:/);
  }, 60_000);

  it("runs with plain node: exit 0 on the bundle, 1 with the failure named on a changed one", () => {
    const run = (file: string) => {
      const r = spawnSync(process.execPath, [STANDALONE_VERIFIER, file, "--key", ev.key.fingerprint], { encoding: "utf8" });
      return { code: r.status, out: r.stdout };
    };
    const good = run(ev.bundleFile);
    expect(good.out).toContain("OK: ");
    expect(good.code).toBe(0);
    const changed = Buffer.from(ev.bundle);
    const m = ev.member(MEMBERS.readme);
    changed[m.offset + 3] = (changed[m.offset + 3] ?? 0) ^ 0x20;
    const file = path.join(ev.dir, "readme-changed.tar");
    writeFileSync(file, changed);
    const bad = run(file);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("README.txt: file hash:");
  }, 60_000);
});
