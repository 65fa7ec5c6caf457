import { connect } from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/nats-core";
import path from "node:path";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSharedAuth } from "../auth/shared-auth";
import { kvStream, sharedNames, sharedStreams } from "../auth/shared-names";
import { startTestNats, type TestNats } from "../ingest/test-nats";
import { testAuthSettings } from "../testing/auth-settings";

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

  it("may not read, watch or write the accounts store, its saved views or its access log, by any JetStream subject", async () => {
    // A Pilot replica on this NATS (as Pilot's server user) makes the store and watches it.
    const pilot = await nats.connect("pilot");
    const settings = testAuthSettings(path.join(nats.dir, "auth.sqlite"));
    const shared = await openSharedAuth(pilot, settings, { replicas: 1 });
    await shared.accounts.put("user.1", { probe: true });
    const names = sharedNames();
    const watcher = (await (await jetstreamManager(pilot)).consumers.list(kvStream(names.accounts)).next())[0]?.name ?? "KV_WATCHER_x";
    const nc = await viewer();
    const published = [
      ...sharedStreams(names).flatMap((st) => [
        `$JS.API.STREAM.INFO.${st}`,
        `$JS.API.STREAM.MSG.GET.${st}`,
        `$JS.API.DIRECT.GET.${st}`,
        `$JS.API.CONSUMER.CREATE.${st}`,
        `$JS.API.CONSUMER.INFO.${st}.${watcher}`,
        `$JS.API.CONSUMER.MSG.NEXT.${st}.${watcher}`,
        `$JS.API.CONSUMER.DELETE.${st}.${watcher}`,
      ]),
      `$KV.${names.accounts}.user.1`,
      `$KV.${names.views}.v.00000000-0000-4000-8000-000000000000`,
      names.logSubject,
    ];
    const subscribed = [`$KV.${names.accounts}.>`, `$KV.${names.views}.>`, names.logSubject];
    const said = await errorsDuring(nc, () => {
      for (const st of subscribed) nc.subscribe(st);
      for (const st of published) nc.publish(st, "{}");
    });
    for (const st of published) expect(said, st).toContain(`permissions violation for publish to "${st.toLowerCase()}"`);
    for (const st of subscribed) expect(said, st).toContain(`permissions violation for subscription to "${st.toLowerCase()}"`);
    shared.close();
    await pilot.close();
  });
});
