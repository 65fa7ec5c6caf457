import { describe, expect, it } from "vitest";
import { admit, type SsoPolicy } from "./sso-admission";

const open: SsoPolicy = { allowedDomains: [], allowedGroups: [], groupsClaim: "groups" };
const base = { iss: "https://idp.example.com", sub: "248289761001" };

describe("admit", () => {
  it("keys the account on issuer and subject, whatever name the provider user chose", () => {
    expect(admit({ ...base, preferred_username: "admin", email: "admin@example.com", email_verified: true }, open)).toEqual({
      ok: true,
      issuer: base.iss,
      subject: base.sub,
      name: "admin",
    });
  });

  it("shows an e-mail as the name only when the provider verified it", () => {
    expect(admit({ ...base, email: "jane@example.com", email_verified: true }, open)).toMatchObject({ ok: true, name: "jane@example.com" });
    expect(admit({ ...base, email: "jane@example.com", email_verified: "true" }, open)).toMatchObject({ ok: true, name: "jane@example.com" });
    expect(admit({ ...base, email: "jane@example.com" }, open)).toMatchObject({ ok: true, name: "sso-248289761001" });
    expect(admit({ ...base, email: "jane@example.com", email_verified: false }, open)).toMatchObject({ ok: true, name: "sso-248289761001" });
  });

  it("with allowed domains, needs a verified e-mail in one of them", () => {
    const policy = { ...open, allowedDomains: ["example.com"] };
    expect(admit({ ...base, email: "jane@example.com", email_verified: true }, policy).ok).toBe(true);
    expect(admit({ ...base, email: "jane@EXAMPLE.com", email_verified: true }, policy).ok).toBe(true);
    expect(admit({ ...base, email: "jane@example.com", email_verified: false }, policy)).toMatchObject({ ok: false, reason: /not verified/ });
    expect(admit({ ...base, email: "jane@example.com" }, policy).ok).toBe(false);
    expect(admit({ ...base, email: "jane@evil.example.com", email_verified: true }, policy)).toMatchObject({ ok: false, reason: /evil\.example\.com/ });
    expect(admit({ ...base, email: "jane@example.com.evil.test", email_verified: true }, policy).ok).toBe(false);
    expect(admit(base, policy)).toMatchObject({ ok: false, reason: /no e-mail/ });
  });

  it("with allowed groups, needs one of them in the configured claim", () => {
    const policy = { ...open, allowedGroups: ["pilot-users"], groupsClaim: "roles" };
    expect(admit({ ...base, roles: ["x", "pilot-users"] }, policy).ok).toBe(true);
    expect(admit({ ...base, roles: "pilot-users" }, policy).ok).toBe(true);
    expect(admit({ ...base, groups: ["pilot-users"] }, policy).ok).toBe(false);
    expect(admit({ ...base, roles: [1, 2] }, policy).ok).toBe(false);
  });

  it("with both, needs both", () => {
    const policy = { allowedDomains: ["example.com"], allowedGroups: ["pilot-users"], groupsClaim: "groups" };
    expect(admit({ ...base, email: "a@example.com", email_verified: true, groups: ["pilot-users"] }, policy).ok).toBe(true);
    expect(admit({ ...base, email: "a@example.com", email_verified: true, groups: ["other"] }, policy).ok).toBe(false);
    expect(admit({ ...base, email: "a@other.com", email_verified: true, groups: ["pilot-users"] }, policy).ok).toBe(false);
  });

  it("refuses claims without an issuer or subject", () => {
    expect(admit({ sub: "x" }, open).ok).toBe(false);
    expect(admit(null, open).ok).toBe(false);
  });
});
