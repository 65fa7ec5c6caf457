import { connect } from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/nats-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestNats, type TestNats } from "../ingest/test-nats";

// The fallback for a NATS Pilot cannot mint credentials for: the browsers' shared `viewer`
// user of nats/permissions.conf, on Pilot's own stack started with PILOT_NATS_AUTH=password
// (nats/pilot-password.conf). What it still may do is in the README, "NATS credentials".
let nats: TestNats;

beforeAll(async () => {
  nats = await startTestNats({ PILOT_NATS_AUTH: "password" });
}, 60_000);
afterAll(async () => {
  await nats?.stop();
});

async function errorsDuring(nc: NatsConnection, action: () => void): Promise<string> {
  const errors: string[] = [];
  const watcher = (async () => {
    for await (const s of nc.status()) if (s.type === "error") errors.push(s.error.message);
  })();
  action();
  await nc.flush().catch(() => undefined);
  await nc.close();
  await watcher;
  return errors.join("\n").toLowerCase();
}

describe("the shared viewer user (fallback)", () => {
  const viewer = () => connect({ servers: nats.settings.nats.url, user: nats.settings.users.viewer.user, pass: nats.settings.users.viewer.pass, reconnect: false });

  it("subscribes to nothing but the browsers' inbox root: not the audit trail, not Pilot's server's inbox", async () => {
    const nc = await viewer();
    const said = await errorsDuring(nc, () => {
      for (const s of ["smith.audit.>", "smith.>", "_INBOX.>"]) nc.subscribe(s);
      nc.subscribe("_INBOX_BROWSER.x.>");
    });
    for (const s of ["smith.audit.>", "smith.>", "_inbox.>"]) expect(said).toContain(`permissions violation for subscription to "${s}"`);
    expect(said).not.toContain("_inbox_browser");
  });

  it("creates no consumer, and may not pull from, inspect or delete Pilot's ingest durables", async () => {
    const nc = await viewer();
    const subjects = [
      "$JS.API.CONSUMER.CREATE.ATOMS_VETTED",
      "$JS.API.CONSUMER.CREATE.ATOMS_VETTED.x.smith.intents.vetted.>",
      "$JS.API.CONSUMER.DURABLE.CREATE.ATOMS_VETTED.x",
      "$JS.API.CONSUMER.MSG.NEXT.ATOMS_VETTED.pilot-ingest-ATOMS_VETTED",
      "$JS.API.CONSUMER.DELETE.AUDIT_SECURITY.pilot-ingest-AUDIT_SECURITY",
      "$JS.API.CONSUMER.INFO.PILOT_CAPTURE.pilot-ingest-PILOT_CAPTURE",
      "smith.intents.vetted.x",
    ];
    const said = await errorsDuring(nc, () => {
      for (const s of subjects) nc.publish(s, "{}");
    });
    for (const s of subjects) expect(said, s).toContain(`permissions violation for publish to "${s.toLowerCase()}"`);
  });
});
