import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSettings } from "./env";
import { PILOT_STREAM_NAMES } from "./nats/topology";

// Passwords given, so that loading settings writes no secrets file.
const base = { NODE_ENV: "test" as const, NATS_PASSWORD: "p", NATS_VIEWER_PASSWORD: "v", NATS_PUBLISHER_PASSWORD: "x", PILOT_DATA_DIR: "/tmp/pilot-env-test" };

describe("ingest and index settings", () => {
  it("default to discovery (Pilot's topology until it answers) with capture on, in-process ingest, batches of 500 and an index in the data dir", () => {
    const s = loadSettings(base);
    expect(s.index.path).toBe(path.resolve("/tmp/pilot-env-test/index.sqlite"));
    expect(s.ingest).toEqual({ sources: [...PILOT_STREAM_NAMES], discover: true, capture: true, inProcess: true, batch: 500, consumerPrefix: "pilot-ingest" });
  });

  it("read PILOT_INDEX_PATH, PILOT_SOURCES (which turns discovery off), PILOT_INGEST, PILOT_CAPTURE, PILOT_INGEST_BATCH and PILOT_INGEST_CONSUMER", () => {
    const s = loadSettings({
      ...base,
      PILOT_INDEX_PATH: "/var/lib/pilot/ix.db",
      PILOT_SOURCES: " ATOMS_VETTED, AUDIT_SECURITY ,ATOMS_VETTED",
      PILOT_INGEST: "off",
      PILOT_CAPTURE: "off",
      PILOT_INGEST_BATCH: "2000",
      PILOT_INGEST_CONSUMER: "pilot-b",
    });
    expect(s.index.path).toBe("/var/lib/pilot/ix.db");
    expect(s.ingest).toEqual({ sources: ["ATOMS_VETTED", "AUDIT_SECURITY"], discover: false, capture: false, inProcess: false, batch: 2000, consumerPrefix: "pilot-b" });
  });

  it.each([
    ["PILOT_SOURCES", "smith.results.>"],
    ["PILOT_SOURCES", " , "],
    ["PILOT_INGEST", "yes"],
    ["PILOT_INGEST_BATCH", "0"],
    ["PILOT_INGEST_CONSUMER", "a.b"],
  ])("refuse %s=%j, naming the variable", (key, value) => {
    expect(() => loadSettings({ ...base, [key]: value })).toThrow(new RegExp(key));
  });
});

describe("PILOT_NO_RESULT_GRACE_SECONDS", () => {
  it("defaults to 60 s and takes fractions, as milliseconds", () => {
    expect(loadSettings(base).noResultGraceMs).toBe(60_000);
    expect(loadSettings({ ...base, PILOT_NO_RESULT_GRACE_SECONDS: "1.5" }).noResultGraceMs).toBe(1_500);
  });

  it.each(["-1", "soon", "86401"])("refuses %j, naming the variable", (value) => {
    expect(() => loadSettings({ ...base, PILOT_NO_RESULT_GRACE_SECONDS: value })).toThrow(/PILOT_NO_RESULT_GRACE_SECONDS/);
  });
});

describe("sign-in identity settings", () => {
  it("refuse a proxy user header without trusted proxies or a shared secret", () => {
    expect(() => loadSettings({ ...base, PILOT_AUTH_PROXY_HEADER: "X-Forwarded-User" })).toThrow(/PILOT_AUTH_PROXY_HEADER needs PILOT_TRUSTED_PROXIES .* or PILOT_AUTH_PROXY_SECRET/);
    expect(loadSettings({ ...base, PILOT_AUTH_PROXY_HEADER: "X-Forwarded-User", PILOT_TRUSTED_PROXIES: "10.0.0.0/8, ::1" }).auth).toMatchObject({
      proxyHeader: "x-forwarded-user",
      trustedProxies: ["10.0.0.0/8", "::1"],
      proxySecret: null,
    });
    expect(loadSettings({ ...base, PILOT_AUTH_PROXY_HEADER: "X-Forwarded-User", PILOT_AUTH_PROXY_SECRET: "0123456789abcdef" }).auth.proxySecret).toBe("0123456789abcdef");
    expect(() => loadSettings({ ...base, PILOT_TRUSTED_PROXIES: "10.0.0.0/8,proxy.internal" })).toThrow(/PILOT_TRUSTED_PROXIES.*not an address or network: proxy.internal/);
  });

  it("read the SSO allow-lists, and cookies and HSTS follow PILOT_PUBLIC_URL only", () => {
    const s = loadSettings({ ...base, PILOT_OIDC_ISSUER: "https://idp.example.com", PILOT_OIDC_CLIENT_ID: "pilot", PILOT_OIDC_ALLOWED_DOMAINS: "Example.com, corp.example.org", PILOT_OIDC_ALLOWED_GROUPS: "pilot-users" });
    expect(s.auth.oidc).toMatchObject({ allowedDomains: ["example.com", "corp.example.org"], allowedGroups: ["pilot-users"], groupsClaim: "groups" });
    expect(s.auth.https).toBe(false);
    expect(loadSettings({ ...base, PILOT_PUBLIC_URL: "https://pilot.example.com" }).auth.https).toBe(true);
    expect(loadSettings({ ...base, PILOT_PUBLIC_URL: "http://pilot.example.com" }).auth.https).toBe(false);
  });
});
