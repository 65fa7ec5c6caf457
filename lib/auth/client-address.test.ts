import { describe, expect, it } from "vitest";
import { addressList, clientAddressOf, inList } from "./client-address";
import { proxyVouches } from "./proxy-trust";

describe("clientAddressOf", () => {
  const proxies = addressList(["10.0.0.0/8", "192.0.2.7", "fd00::/8"]);

  it("is the socket's peer for a client that reaches Pilot directly, whatever x-forwarded-for claims", () => {
    expect(clientAddressOf("198.51.100.9", "203.0.113.1", proxies)).toBe("198.51.100.9");
    expect(clientAddressOf("198.51.100.9", "203.0.113.1", null)).toBe("198.51.100.9");
    expect(clientAddressOf("::ffff:198.51.100.9", null, null)).toBe("198.51.100.9");
  });

  it("through a configured proxy, is the right-most entry that is not a proxy", () => {
    expect(clientAddressOf("10.1.2.3", "203.0.113.1, 198.51.100.4", proxies)).toBe("198.51.100.4");
    expect(clientAddressOf("10.1.2.3", "203.0.113.1, 198.51.100.4, 192.0.2.7, 10.9.9.9", proxies)).toBe("198.51.100.4");
    expect(clientAddressOf("fd00::1", "2001:db8::5", proxies)).toBe("2001:db8::5");
  });

  it("never takes text that is not an address, and falls back to the last proxy", () => {
    expect(clientAddressOf("10.1.2.3", "198.51.100.4, <script>", proxies)).toBe("10.1.2.3");
    expect(clientAddressOf("10.1.2.3", "", proxies)).toBe("10.1.2.3");
    expect(clientAddressOf("10.1.2.3", "192.0.2.7", proxies)).toBe("192.0.2.7");
  });

  it("is unknown when no Pilot server stamped the peer", () => {
    expect(clientAddressOf(null, "203.0.113.1", proxies)).toBe("unknown");
  });
});

describe("addressList", () => {
  it("takes addresses and networks of both families and refuses anything else", () => {
    const list = addressList(["127.0.0.1", "::1", "172.16.0.0/12"]);
    expect(inList(list, "172.31.255.255")).toBe(true);
    expect(inList(list, "172.32.0.0")).toBe(false);
    expect(inList(list, "::ffff:127.0.0.1")).toBe(true);
    expect(inList(list, "not an address")).toBe(false);
    for (const bad of ["10.0.0.0/33", "10.0.0.0/8/1", "example.com", "10.0.0.0/", "::1/129"]) expect(() => addressList([bad]), bad).toThrow(/not an address or network/);
  });
});

describe("proxyVouches", () => {
  const proxies = addressList(["10.0.0.5"]);
  const secret = "a-shared-secret-of-some-length";

  it("trusts nothing when neither addresses nor a secret are configured", () => {
    expect(proxyVouches({ proxies: null, secret: null }, "10.0.0.5", secret)).toBe(false);
  });

  it("with addresses only, trusts the configured peers", () => {
    expect(proxyVouches({ proxies, secret: null }, "10.0.0.5", null)).toBe(true);
    expect(proxyVouches({ proxies, secret: null }, "10.0.0.6", null)).toBe(false);
    expect(proxyVouches({ proxies, secret: null }, null, null)).toBe(false);
  });

  it("with a secret only, trusts whoever presents it", () => {
    expect(proxyVouches({ proxies: null, secret }, "198.51.100.1", secret)).toBe(true);
    expect(proxyVouches({ proxies: null, secret }, "198.51.100.1", `${secret}x`)).toBe(false);
    expect(proxyVouches({ proxies: null, secret }, "198.51.100.1", null)).toBe(false);
  });

  it("with both, needs both", () => {
    expect(proxyVouches({ proxies, secret }, "10.0.0.5", secret)).toBe(true);
    expect(proxyVouches({ proxies, secret }, "10.0.0.6", secret)).toBe(false);
    expect(proxyVouches({ proxies, secret }, "10.0.0.5", null)).toBe(false);
  });
});
