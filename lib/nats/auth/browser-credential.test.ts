import { decode, type User } from "@nats-io/jwt";
import { createUser } from "@nats-io/nkeys";
import { describe, expect, it } from "vitest";
import { CONSUMER_SLOTS } from "../../live/browser-grants";
import { consumerPrefixFor, mintBrowserJwt } from "./browser-credential";
import { generateNatsAuthKeys, publicKeyOf } from "./keys";

describe("a browser tab's NATS credential", () => {
  it("is the tab's key, signed by the account's signing key, expiring after the TTL, WebSocket only", async () => {
    const keys = generateNatsAuthKeys();
    const tab = createUser().getPublicKey();
    const prefix = consumerPrefixFor("secret", "ana", tab);
    const before = Math.floor(Date.now() / 1000);
    const { jwt } = await mintBrowserJwt(keys, { tabKey: tab, prefix, username: "ana", ttlSeconds: 60 });
    const claims = decode<User>(jwt);
    expect(claims.sub).toBe(tab);
    expect(claims.iss).toBe(publicKeyOf(keys.signer));
    expect(claims.nats.issuer_account).toBe(publicKeyOf(keys.account));
    expect(claims.exp).toBeGreaterThanOrEqual(before + 60);
    expect(claims.exp).toBeLessThanOrEqual(before + 61);
    expect(claims.nats.allowed_connection_types).toEqual(["WEBSOCKET"]);
    // Its own inbox only; no consumer creation of any kind; its own names only.
    expect(claims.nats.sub?.allow).toEqual([`_INBOX_BROWSER.${prefix}.>`]);
    const pub = claims.nats.pub?.allow ?? [];
    expect(pub.some((s) => s.includes("CREATE"))).toBe(false);
    expect(pub.filter((s) => s.startsWith("$JS.API.CONSUMER.")).every((s) => s.split(".").at(-1)?.startsWith(`${prefix}-`))).toBe(true);
    expect(pub.filter((s) => s.startsWith("$JS.API.CONSUMER.MSG.NEXT."))).toHaveLength(CONSUMER_SLOTS);
    // The accounts store is denied by name, publish and subscribe.
    expect(claims.nats.pub?.deny).toEqual(expect.arrayContaining(["$JS.API.STREAM.*.KV_PILOT_AUTH_ACCOUNTS", "$JS.API.DIRECT.GET.KV_PILOT_AUTH_SESSIONS", "$KV.PILOT_AUTH_ACCOUNTS.>", "pilot.auth-log.PILOT_AUTH"]));
    // So is the alert store (rules hold webhook URLs and signing secrets).
    expect(claims.nats.pub?.deny).toEqual(expect.arrayContaining(["$JS.API.STREAM.*.KV_PILOT_ALERT_RULES", "$JS.API.CONSUMER.*.PILOT_ALERT_EVENTS.>", "$KV.PILOT_ALERT_RULES.>", "pilot.alert.PILOT_ALERT.>"]));
    expect(claims.nats.sub?.deny).toEqual(["$KV.>", "pilot.auth-log.>", "pilot.alert.>"]);
    // It must fit nats-server's CONNECT line (max_control_line 16KB in Pilot's configs).
    expect(jwt.length).toBeLessThan(12_000);
  });

  it("names its consumers after the person and the tab: another person's tab key gives other names", () => {
    const tab = createUser().getPublicKey();
    expect(consumerPrefixFor("s", "ana", tab)).toMatch(/^[0-9a-f]{16}$/);
    expect(consumerPrefixFor("s", "ana", tab)).toBe(consumerPrefixFor("s", "ana", tab));
    expect(consumerPrefixFor("s", "bob", tab)).not.toBe(consumerPrefixFor("s", "ana", tab));
    expect(consumerPrefixFor("other", "ana", tab)).not.toBe(consumerPrefixFor("s", "ana", tab));
  });
});
