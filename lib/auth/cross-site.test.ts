import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "./cross-site";

const req = (method: string, headers: Record<string, string>) => new Request("http://pilot.internal:3000/api/auth/signin", { method, headers: { host: "pilot.internal:3000", ...headers } });
const json = { "content-type": "application/json" };

describe("crossSiteRefusal", () => {
  it("lets Pilot's own pages and non-browser clients change state with JSON", () => {
    expect(crossSiteRefusal(req("POST", { ...json, "sec-fetch-site": "same-origin", origin: "http://pilot.internal:3000" }), null)).toBeNull();
    expect(crossSiteRefusal(req("PATCH", { "content-type": "application/json; charset=utf-8", origin: "http://pilot.internal:3000" }), null)).toBeNull();
    expect(crossSiteRefusal(req("POST", json), null)).toBeNull();
    // Behind a proxy the public origin differs from the Host Pilot sees.
    expect(crossSiteRefusal(req("POST", { ...json, "sec-fetch-site": "same-origin", origin: "https://pilot.example" }), "https://pilot.example/")).toBeNull();
    expect(crossSiteRefusal(req("GET", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }), null)).toBeNull();
  });

  it("refuses other sites, sibling subdomains and bodies a form can send", () => {
    const refused: Record<string, string>[] = [
      { "content-type": "text/plain", "sec-fetch-site": "cross-site", origin: "https://evil.example" },
      { ...json, "sec-fetch-site": "cross-site", origin: "https://evil.example" },
      { ...json, "sec-fetch-site": "same-site", origin: "http://other.pilot.internal:3000" },
      { ...json, origin: "https://evil.example" },
      { ...json, origin: "null" },
      { ...json, origin: "http://pilot.internal:3001" },
      { ...json, "sec-fetch-site": "same-origin", origin: "https://evil.example" },
    ];
    for (const h of refused) expect(crossSiteRefusal(req("POST", h), "https://pilot.example")?.status, JSON.stringify(h)).toBe(403);
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", ""])
      expect(crossSiteRefusal(req("POST", { "content-type": type, "sec-fetch-site": "same-origin" }), null)?.status, type).toBe(415);
    expect(crossSiteRefusal(req("DELETE", {}), null)?.status).toBe(415);
  });
});
