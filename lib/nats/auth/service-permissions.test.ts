import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { alertNames, alertStoreDenies } from "../../alerts/alert-names";
import { sharedNames, sharedStoreDenies } from "../../auth/shared-names";
import { DEMO_PUBLISHER_PERMISSIONS, PILOT_SERVER_PERMISSIONS } from "./service-permissions";

const conf = readFileSync(new URL("../../../nats/permissions.conf", import.meta.url), "utf8");

/** The `allow` lists of a block of nats/permissions.conf, publish then subscribe. */
function allowLists(block: string): string[][] {
  const body = new RegExp(`^${block} = \\{([\\s\\S]*?)^\\}`, "m").exec(conf)?.[1] ?? "";
  return [...body.matchAll(/allow: \[([^\]]*)\]/g)].map((m) => [...(m[1] ?? "").matchAll(/"([^"]+)"/g)].map((q) => q[1] ?? ""));
}

describe("Pilot's own NATS users", () => {
  it("get the same grants as JWT users as nats/permissions.conf gives them with passwords", () => {
    expect(allowLists("PILOT_SERVER")).toEqual([PILOT_SERVER_PERMISSIONS.pub?.allow, PILOT_SERVER_PERMISSIONS.sub?.allow]);
    expect(allowLists("DEMO_PUBLISHER")).toEqual([DEMO_PUBLISHER_PERMISSIONS.pub?.allow, DEMO_PUBLISHER_PERMISSIONS.sub?.allow]);
  });

  it("the browsers' shared fallback user may create no consumer and subscribe to nothing but its inbox root", () => {
    const [pub, sub] = allowLists("BROWSER_VIEWER");
    expect(pub?.some((s) => s.includes("CREATE"))).toBe(false);
    expect(sub).toEqual(["_INBOX_BROWSER.>"]);
  });

  it("the browsers' shared fallback user is denied every subject of the default accounts store", () => {
    const body = /^BROWSER_VIEWER = \{([\s\S]*?)^\}/m.exec(conf)?.[1] ?? "";
    const denied = [...body.matchAll(/deny: \[([^\]]*)\]/g)].flatMap((m) => [...(m[1] ?? "").matchAll(/"([^"]+)"/g)].map((q) => q[1] ?? ""));
    for (const subject of sharedStoreDenies(sharedNames())) expect(denied).toContain(subject);
  });

  it("the browsers' shared fallback user is denied every subject of the default alert store (rules hold webhook secrets)", () => {
    const body = /^BROWSER_VIEWER = \{([\s\S]*?)^\}/m.exec(conf)?.[1] ?? "";
    const denied = [...body.matchAll(/deny: \[([^\]]*)\]/g)].flatMap((m) => [...(m[1] ?? "").matchAll(/"([^"]+)"/g)].map((q) => q[1] ?? ""));
    const names = alertNames();
    expect(denied).toContain(`$KV.${names.rules}.>`);
    for (const subject of alertStoreDenies(names)) expect(denied).toContain(subject);
  });
});
