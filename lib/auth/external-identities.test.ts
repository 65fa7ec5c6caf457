import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { testAuthSettings } from "../testing/auth-settings";
import { openAuthStore } from "./auth-store";
import { externalUser, PROXY_ISSUER } from "./external-identities";

const dir = mkdtempSync(path.join(tmpdir(), "pilot-identities-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function store(name: string) {
  return openAuthStore(testAuthSettings(path.join(dir, `${name}.sqlite`), { idleMs: 60_000, maxMs: 3_600_000 }));
}

const idp = "https://idp.example.com";

describe("externalUser", () => {
  it("never is a local account of the same name: an outside `admin` gets an account of its own", async () => {
    const auth = store("admin");
    await auth.ensureFirstAdmin();
    const outsider = externalUser(auth, { issuer: idp, subject: "s-1" }, { name: "admin", role: "viewer", source: "oidc" });
    expect(outsider).toMatchObject({ username: "admin-oidc", role: "viewer", source: "oidc" });
    expect(auth.findUser("admin")?.role).toBe("admin");
    const second = externalUser(auth, { issuer: idp, subject: "s-2" }, { name: "ADMIN", role: "viewer", source: "oidc" });
    expect(second.username).toBe("ADMIN-oidc-2");
  });

  it("is the same account for the same issuer and subject, whatever name comes with it later", () => {
    const auth = store("same");
    const first = externalUser(auth, { issuer: idp, subject: "s-1" }, { name: "jane", role: "viewer", source: "oidc" });
    const again = externalUser(auth, { issuer: idp, subject: "s-1" }, { name: "someone-else", role: "admin", source: "oidc" });
    expect(again).toEqual(first);
    const otherIssuer = externalUser(auth, { issuer: "https://other.example.com", subject: "s-1" }, { name: "jane", role: "viewer", source: "oidc" });
    expect(otherIssuer.id).not.toBe(first.id);
    expect(otherIssuer.username).toBe("jane-oidc");
  });

  it("links an account the trusted proxy created by name before identities were keyed, and nothing else", async () => {
    const auth = store("legacy");
    const legacy = await auth.createUser("carol", null, "auditor", "proxy");
    await auth.createUser("dave", "a local password", "admin");
    expect(externalUser(auth, { issuer: PROXY_ISSUER, subject: "carol" }, { name: "carol", role: "viewer", source: "proxy" }, true)).toEqual(legacy);
    expect(externalUser(auth, { issuer: PROXY_ISSUER, subject: "dave" }, { name: "dave", role: "viewer", source: "proxy" }, true)).toMatchObject({ username: "dave-proxy", role: "viewer" });
    // Without adoption (SSO), a legacy account is not linked by its name.
    expect(externalUser(auth, { issuer: idp, subject: "x" }, { name: "carol", role: "viewer", source: "oidc" }).username).toBe("carol-oidc");
  });
});
