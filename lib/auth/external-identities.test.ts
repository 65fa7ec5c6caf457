import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthNats, type AuthNats } from "../testing/shared-auth";
import { externalUser, PROXY_ISSUER } from "./external-identities";

let nats: AuthNats;
beforeAll(async () => {
  nats = await startAuthNats();
});
afterAll(() => nats?.stop());

function store(name: string) {
  return nats.replica({ store: `T_${name.toUpperCase()}`, more: { idleMs: 60_000, maxMs: 3_600_000 } });
}

const idp = "https://idp.example.com";

describe("externalUser", () => {
  it("never is a local account of the same name: an outside `admin` gets an account of its own", async () => {
    const auth = await store("admin");
    await auth.ensureFirstAdmin();
    const outsider = await externalUser(auth, { issuer: idp, subject: "s-1" }, { name: "admin", role: "viewer", source: "oidc" });
    expect(outsider).toMatchObject({ username: "admin-oidc", role: "viewer", source: "oidc" });
    expect((await auth.findUser("admin"))?.role).toBe("admin");
    const second = await externalUser(auth, { issuer: idp, subject: "s-2" }, { name: "ADMIN", role: "viewer", source: "oidc" });
    expect(second.username).toBe("ADMIN-oidc-2");
  });

  it("is the same account for the same issuer and subject, whatever name comes with it later", async () => {
    const auth = await store("same");
    const first = await externalUser(auth, { issuer: idp, subject: "s-1" }, { name: "jane", role: "viewer", source: "oidc" });
    const again = await externalUser(auth, { issuer: idp, subject: "s-1" }, { name: "someone-else", role: "admin", source: "oidc" });
    expect(again).toEqual(first);
    const otherIssuer = await externalUser(auth, { issuer: "https://other.example.com", subject: "s-1" }, { name: "jane", role: "viewer", source: "oidc" });
    expect(otherIssuer.id).not.toBe(first.id);
    expect(otherIssuer.username).toBe("jane-oidc");
  });

  it("links an account the trusted proxy created by name before identities were keyed, and nothing else", async () => {
    const auth = await store("legacy");
    const legacy = await auth.createUser("carol", null, "auditor", "proxy");
    await auth.createUser("dave", "a local password", "admin");
    expect(await externalUser(auth, { issuer: PROXY_ISSUER, subject: "carol" }, { name: "carol", role: "viewer", source: "proxy" }, true)).toEqual(legacy);
    expect(await externalUser(auth, { issuer: PROXY_ISSUER, subject: "dave" }, { name: "dave", role: "viewer", source: "proxy" }, true)).toMatchObject({ username: "dave-proxy", role: "viewer" });
    // Without adoption (SSO), a legacy account is not linked by its name.
    expect((await externalUser(auth, { issuer: idp, subject: "x" }, { name: "carol", role: "viewer", source: "oidc" })).username).toBe("carol-oidc");
  });

  it("is one account when two replicas see an identity for the first time at once", async () => {
    const [a, b] = [await store("race"), await store("race")];
    const id = { issuer: idp, subject: "s-race" };
    const [onA, onB] = await Promise.all([
      externalUser(a, id, { name: "rachel", role: "viewer", source: "oidc" }),
      externalUser(b, id, { name: "rachel", role: "viewer", source: "oidc" }),
    ]);
    expect(onA).toEqual(onB);
    expect(await a.accounts.externalOwner(idp, "s-race")).toBe(onA.id);
  });
});
