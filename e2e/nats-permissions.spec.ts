import { connect } from "@nats-io/transport-node";
import { jwtAuthenticator } from "@nats-io/nats-core";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { z } from "zod";
import { alertNames } from "../lib/alerts/alert-names";
import { kvStream, sharedNames, sharedStreams } from "../lib/auth/shared-names";
import { browserConsumerName } from "../lib/live/browser-grants";
import { connectAs } from "./support/nats-clients";
import { connectTab, errorsDuring, openTab, requestConsumer, sessionCookie, type Tab } from "./support/browser-nats";
import { expect, test } from "./support/test";
import type { StackState } from "./support/stack-state";

// What a browser tab's own NATS credential (GET /api/live/credentials) lets it do, tried
// directly against nats-server: everything here is refused by the server, whatever the
// page's code would or would not do.

const INGEST = "pilot-ingest-ATOMS_VETTED";

async function tabOf(stack: StackState, role: "viewer" | "auditor"): Promise<{ tab: Tab; cookie: string }> {
  const cookie = await sessionCookie(stack.baseUrl, stack.accounts[role]);
  return { tab: await openTab(stack.baseUrl, cookie), cookie };
}

function violations(errors: string[]): string {
  return errors.join("\n").toLowerCase();
}

test("a viewer's credential may not subscribe to the audit trail, to platform subjects, or to another client's inbox", async ({ stack }) => {
  const { tab } = await tabOf(stack, "viewer");
  const nc = await connectTab(tab);
  const subjects = ["smith.audit.>", "smith.>", ">", "_INBOX.>", "_INBOX_BROWSER.>"];
  const errors = await errorsDuring(nc, () => {
    for (const s of subjects) nc.subscribe(s);
  }, subjects.length);
  for (const s of subjects) expect(violations(errors), s).toContain(`permissions violation for subscription to "${s.toLowerCase()}"`);
});

test("a viewer's credential may not delete, pull from or inspect Pilot's ingest durable, nor create any consumer", async ({ stack }) => {
  const pilot = await connectAs(stack, "pilot");
  const jsm = await jetstreamManager(pilot);
  const before = await jsm.consumers.info("ATOMS_VETTED", INGEST);
  const { tab } = await tabOf(stack, "viewer");
  const nc = await connectTab(tab);
  const mine = browserConsumerName(tab.creds.consumerPrefix, 0);
  const subjects = [
    `$JS.API.CONSUMER.DELETE.ATOMS_VETTED.${INGEST}`,
    `$JS.API.CONSUMER.MSG.NEXT.ATOMS_VETTED.${INGEST}`,
    `$JS.API.CONSUMER.INFO.ATOMS_VETTED.${INGEST}`,
    // A durable, an ephemeral, a named consumer with a filter: even under the tab's own names.
    `$JS.API.CONSUMER.DURABLE.CREATE.ATOMS_VETTED.${mine}`,
    "$JS.API.CONSUMER.CREATE.ATOMS_VETTED",
    `$JS.API.CONSUMER.CREATE.ATOMS_VETTED.${mine}.smith.intents.vetted.>`,
    "$JS.API.CONSUMER.LIST.ATOMS_VETTED",
    "$JS.API.STREAM.MSG.GET.AUDIT_SECURITY",
    "$JS.API.DIRECT.GET.AUDIT_SECURITY",
  ];
  const errors = await errorsDuring(nc, () => {
    for (const s of subjects) nc.publish(s, JSON.stringify({ stream_name: "ATOMS_VETTED", config: { durable_name: mine, ack_policy: "none" } }));
  }, subjects.length);
  for (const s of subjects) expect(violations(errors), s).toContain(`permissions violation for publish to "${s.toLowerCase()}"`);
  // The durable is untouched, and no consumer of the tab's exists.
  const after = await jsm.consumers.info("ATOMS_VETTED", INGEST);
  expect(after.created).toBe(before.created);
  await expect(jsm.consumers.info("ATOMS_VETTED", mine)).rejects.toThrow(/consumer not found/i);
  await pilot.close();
});

test("a tab may not pull from or delete another tab's consumer", async ({ stack }) => {
  const { tab: other, cookie } = await tabOf(stack, "viewer");
  const res = await requestConsumer(stack.baseUrl, cookie, other, { slot: 0, stream: "ATOMS_VETTED", filter: "smith.intents.vetted.>", startSeq: 1 });
  expect(res.status).toBe(200);
  const { name } = z.object({ name: z.string() }).parse(await res.json());
  const { tab } = await tabOf(stack, "viewer");
  const nc = await connectTab(tab);
  const subjects = [`$JS.API.CONSUMER.MSG.NEXT.ATOMS_VETTED.${name}`, `$JS.API.CONSUMER.DELETE.ATOMS_VETTED.${name}`];
  const errors = await errorsDuring(nc, () => {
    for (const s of subjects) nc.publish(s, "{}");
  }, subjects.length);
  for (const s of subjects) expect(violations(errors), s).toContain(`permissions violation for publish to "${s.toLowerCase()}"`);
});

test("Pilot creates a viewer's consumers only on subjects a viewer may read; an auditor's on the audit trail too", async ({ stack }) => {
  const viewer = await tabOf(stack, "viewer");
  const audit = { slot: 1, stream: "AUDIT_SECURITY", filter: "smith.audit.>", startSeq: 1 };
  const refused = await requestConsumer(stack.baseUrl, viewer.cookie, viewer.tab, audit);
  expect(refused.status).toBe(403);
  expect(await refused.text()).toContain("may not follow smith.audit.>");
  // Not a stream Pilot reads, and a capture-style filter on an own stream: refused too.
  expect((await requestConsumer(stack.baseUrl, viewer.cookie, viewer.tab, { ...audit, stream: "KV_anything", filter: "x.>" })).status).toBe(403);
  expect((await requestConsumer(stack.baseUrl, viewer.cookie, viewer.tab, { ...audit, filter: "smith.audit.exec.>" })).status).toBe(403);
  const auditor = await tabOf(stack, "auditor");
  expect((await requestConsumer(stack.baseUrl, auditor.cookie, auditor.tab, audit)).status).toBe(200);
  // The same slot for another person's tab key gives another consumer, not the auditor's.
  const mine = await requestConsumer(stack.baseUrl, viewer.cookie, auditor.tab, { ...audit, stream: "ATOMS_VETTED", filter: "smith.intents.vetted.>" });
  const name = z.object({ name: z.string() }).parse(await mine.json()).name;
  expect(name).not.toBe(browserConsumerName(auditor.tab.creds.consumerPrefix, 1));
});

test("a viewer's tab reads the intents it may through the consumer Pilot made for it", async ({ stack }) => {
  const publisher = await connectAs(stack, "publisher");
  const ack = await jetstream(publisher).publish("smith.intents.vetted.e2e.perm", '{"id":"x"}');
  await publisher.close();
  const { tab, cookie } = await tabOf(stack, "viewer");
  const res = await requestConsumer(stack.baseUrl, cookie, tab, { slot: 2, stream: "ATOMS_VETTED", filter: "smith.intents.vetted.e2e.>", startSeq: ack.seq });
  const { name } = z.object({ name: z.string() }).parse(await res.json());
  const nc = await connectTab(tab);
  const consumer = await jetstream(nc).consumers.get("ATOMS_VETTED", name);
  const msg = await consumer.next({ expires: 5000 });
  expect(msg?.subject).toBe("smith.intents.vetted.e2e.perm");
  expect(msg?.seq).toBe(ack.seq);
  await consumer.delete();
  await nc.close();
});

test("a browser credential works over WebSocket only, and publishes to no platform subject", async ({ stack }) => {
  const { tab } = await tabOf(stack, "viewer");
  if (tab.creds.auth.kind !== "jwt") throw new Error("expected a JWT credential");
  await expect(connect({ servers: stack.natsUrl, authenticator: jwtAuthenticator(tab.creds.auth.jwt, tab.key.getSeed()), maxReconnectAttempts: 0 })).rejects.toThrow(/authorization violation/i);
  const subjects = ["smith.intents.fs.read.v1", "newt.replies.x.y", "$JS.API.STREAM.DELETE.ATOMS_VETTED", "$JS.API.STREAM.PURGE.AUDIT_SECURITY", "smith.results.x"];
  const nc = await connectTab(tab);
  const errors = await errorsDuring(nc, () => {
    for (const s of subjects) nc.publish(s, "forged");
  }, subjects.length);
  for (const s of subjects) expect(violations(errors), s).toContain(`permissions violation for publish to "${s.toLowerCase()}"`);
});

test("a browser credential, even an admin's, may not read, watch or write the accounts store, its saved views or its access log", async ({ stack }) => {
  const names = sharedNames();
  const pilot = await connectAs(stack, "pilot");
  const jsm = await jetstreamManager(pilot);
  // The store exists (the app made it at start) and holds the accounts; its watchers are consumers of its streams.
  const accountsStream = kvStream(names.accounts);
  expect((await jsm.streams.info(accountsStream)).state.messages).toBeGreaterThan(0);
  const watcher = (await jsm.consumers.list(accountsStream).next())[0]?.name ?? "KV_WATCHER_x";
  await pilot.close();
  const { tab, cookie } = await (async () => {
    const c = await sessionCookie(stack.baseUrl, stack.accounts.admin);
    return { tab: await openTab(stack.baseUrl, c), cookie: c };
  })();
  const nc = await connectTab(tab);
  const mine = browserConsumerName(tab.creds.consumerPrefix, 0);
  const streams = sharedStreams(names);
  const published = [
    ...streams.flatMap((s) => [
      `$JS.API.STREAM.INFO.${s}`,
      `$JS.API.STREAM.MSG.GET.${s}`,
      `$JS.API.DIRECT.GET.${s}`,
      `$JS.API.DIRECT.GET.${s}.$KV.${names.accounts}.user.1`,
      `$JS.API.CONSUMER.CREATE.${s}`,
      `$JS.API.CONSUMER.LIST.${s}`,
      // Under the tab's own consumer names, which its allow list names with any stream.
      `$JS.API.CONSUMER.INFO.${s}.${mine}`,
      `$JS.API.CONSUMER.MSG.NEXT.${s}.${mine}`,
    ]),
    `$JS.API.CONSUMER.INFO.${accountsStream}.${watcher}`,
    `$JS.API.CONSUMER.MSG.NEXT.${accountsStream}.${watcher}`,
    // Forging an account, a saved view (a link everyone would be shown) or a log line.
    `$KV.${names.accounts}.user.1`,
    `$KV.${names.views}.v.00000000-0000-4000-8000-000000000000`,
    names.logSubject,
  ];
  const subscribed = [`$KV.${names.accounts}.>`, `$KV.${names.sessions}.>`, `$KV.${names.views}.>`, names.logSubject];
  const errors = await errorsDuring(nc, () => {
    for (const s of subscribed) nc.subscribe(s);
    for (const s of published) nc.publish(s, "{}");
  }, published.length + subscribed.length);
  for (const s of published) expect(violations(errors), s).toContain(`permissions violation for publish to "${s.toLowerCase()}"`);
  for (const s of subscribed) expect(violations(errors), s).toContain(`permissions violation for subscription to "${s.toLowerCase()}"`);
  // Nor does Pilot's server make a consumer on them for the tab.
  for (const stream of streams) expect((await requestConsumer(stack.baseUrl, cookie, tab, { slot: 3, stream, filter: ">", startSeq: 1 })).status, stream).toBe(403);
});

test("a browser credential, even an admin's, may not read, watch or write the alert store (rules hold webhook URLs and secrets)", async ({ stack }) => {
  const names = alertNames();
  const streams = [kvStream(names.rules), names.stream];
  const pilot = await connectAs(stack, "pilot");
  const jsm = await jetstreamManager(pilot);
  // The store exists: the app made it at start (instrumentation), with its delivering consumer.
  await expect.poll(async () => (await Promise.all(streams.map((s) => jsm.streams.info(s).then(() => true, () => false)))).every(Boolean), { timeout: 30_000 }).toBe(true);
  await pilot.close();
  const cookie = await sessionCookie(stack.baseUrl, stack.accounts.admin);
  const tab = await openTab(stack.baseUrl, cookie);
  const nc = await connectTab(tab);
  const mine = browserConsumerName(tab.creds.consumerPrefix, 0);
  const published = [
    ...streams.flatMap((s) => [
      `$JS.API.STREAM.INFO.${s}`,
      `$JS.API.STREAM.MSG.GET.${s}`,
      `$JS.API.DIRECT.GET.${s}`,
      `$JS.API.DIRECT.GET.${s}.$KV.${names.rules}.rule.x`,
      `$JS.API.CONSUMER.CREATE.${s}`,
      `$JS.API.CONSUMER.LIST.${s}`,
      `$JS.API.CONSUMER.INFO.${s}.${mine}`,
      `$JS.API.CONSUMER.MSG.NEXT.${s}.${mine}`,
    ]),
    // Taking firings from the one delivering consumer, or forging a rule, a firing or an acknowledgement.
    `$JS.API.CONSUMER.MSG.NEXT.${names.stream}.${names.deliverer}`,
    `$JS.API.CONSUMER.DELETE.${names.stream}.${names.deliverer}`,
    `$KV.${names.rules}.rule.x`,
    `${names.subjects.firing}.x`,
    `${names.subjects.ack}.x`,
  ];
  const subscribed = [`$KV.${names.rules}.>`, names.subjects.all];
  const errors = await errorsDuring(nc, () => {
    for (const s of subscribed) nc.subscribe(s);
    for (const s of published) nc.publish(s, "{}");
  }, published.length + subscribed.length);
  for (const s of published) expect(violations(errors), s).toContain(`permissions violation for publish to "${s.toLowerCase()}"`);
  for (const s of subscribed) expect(violations(errors), s).toContain(`permissions violation for subscription to "${s.toLowerCase()}"`);
  for (const stream of streams) expect((await requestConsumer(stack.baseUrl, cookie, tab, { slot: 3, stream, filter: ">", startSeq: 1 })).status, stream).toBe(403);
});
