import { hostname } from "node:os";
import { AckPolicy, type ConsumerInfo, DeliverPolicy, DiscardPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { nanos, type NatsConnection } from "@nats-io/nats-core";
import type { Ack, Delivery, Firing } from "@/lib/contract/alerts";
import { pilotDescription } from "../nats/discovery";
import { encodeRecord } from "../auth/shared-records";
import { SharedBucket } from "../auth/shared-bucket";
import { StoreLink, StoreUnavailable } from "../auth/store-link";
import { alertNames, type AlertNames } from "./alert-names";
import { EventsMirror } from "./events-mirror";

const REQUEST_TIMEOUT_MS = 2_000;
/** Firing keys name a window of at most an hour: two hours of dedupe cover a window and a late replica. */
const DUPLICATE_WINDOW_MS = 2 * 3_600_000;
const MAX_AGE_MS = 30 * 86_400_000;
/** How long one replica may hold a firing before another is given it: longer than a delivery attempt, kept alive by `working()` between attempts. */
export const DELIVER_ACK_WAIT_MS = 60_000;

export interface AlertStore {
  names: AlertNames;
  link: StoreLink;
  rules: SharedBucket;
  events: EventsMirror;
  replica: string;
  /** Publishes a firing under its key as the message id: the second replica's copy is dropped by JetStream. */
  publishFiring(f: Firing): Promise<{ duplicate: boolean; seq: number }>;
  publishDelivery(d: Delivery): Promise<number>;
  publishAck(a: Ack): Promise<number>;
  /** The shared delivery consumer's info (pending, in flight, redelivered, pullers), for the Health page. */
  delivererInfo(): Promise<ConsumerInfo>;
  close(): void;
}

async function ensureStream(jsm: JetStreamManager, names: AlertNames, replicas: number): Promise<void> {
  try {
    await jsm.streams.info(names.stream);
    return;
  } catch {
    // Not there yet: created below (two replicas adding the same config both succeed).
  }
  await jsm.streams.add({
    name: names.stream,
    subjects: [names.subjects.all],
    description: pilotDescription("alert firings, webhook delivery attempts and acknowledgements"),
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(MAX_AGE_MS),
    max_msgs: 200_000,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: replicas,
  });
}

async function ensureDeliverer(jsm: JetStreamManager, names: AlertNames, maxDeliver: number): Promise<void> {
  // One durable, pulled by every replica: JetStream hands each firing to one of them.
  await jsm.consumers.add(names.stream, {
    durable_name: names.deliverer,
    filter_subject: `${names.subjects.firing}.>`,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.New,
    ack_wait: nanos(DELIVER_ACK_WAIT_MS),
    max_deliver: maxDeliver,
  });
}

/**
 * Opens the alert store on Pilot's server connection, creating what is missing: the rules
 * bucket (compare-and-set writes, as the accounts store's), the stream of firings,
 * deliveries and acknowledgements, and the one durable consumer that delivers.
 */
export async function openAlertStore(nc: NatsConnection, o: { store?: string; replicas: number }): Promise<AlertStore> {
  const names = alertNames(o.store);
  const link = new StoreLink(nc, Date.now, `the alert store ${names.rules} / ${names.stream}`);
  const js = jetstream(nc, { timeout: REQUEST_TIMEOUT_MS });
  const jsm = await jetstreamManager(nc, { timeout: REQUEST_TIMEOUT_MS });
  const kv = await new Kvm(js).create(names.rules, {
    description: pilotDescription("alert rules (queries, thresholds, webhook URLs and signing secrets)"),
    replicas: o.replicas,
    history: 1,
    timeout: REQUEST_TIMEOUT_MS,
    allow_direct: false,
  });
  const rules = new SharedBucket(kv, names.rules, link);
  link.setProbe(() => kv.status());
  await ensureStream(jsm, names, o.replicas);
  await ensureDeliverer(jsm, names, 20);
  await rules.startMirror();
  const events = new EventsMirror(js, jsm, names);
  events.start();
  // A write while the store is away is refused at once (the client would otherwise buffer
  // it through the reconnect and answer only at the request's timeout), and a write that
  // fails is StoreUnavailable: the routes answer 503 naming the alert store, never a 500.
  const publish = async (subject: string, value: unknown, msgID?: string) => {
    if (!link.isUp) throw new StoreUnavailable();
    try {
      return await js.publish(subject, encodeRecord(value), msgID ? { msgID } : undefined);
    } catch (err) {
      link.down(err instanceof Error ? err.message : String(err));
      throw new StoreUnavailable(err);
    }
  };
  return {
    names,
    link,
    rules,
    events,
    replica: `${hostname()}:${process.pid}`,
    async publishFiring(f) {
      const ack = await publish(`${names.subjects.firing}.${f.ruleId}`, f, f.id);
      return { duplicate: ack.duplicate, seq: ack.seq };
    },
    async publishDelivery(d) {
      return (await publish(`${names.subjects.delivery}.${d.ruleId}`, d)).seq;
    },
    async publishAck(a) {
      return (await publish(`${names.subjects.ack}.${a.ruleId}`, a)).seq;
    },
    delivererInfo() {
      return jsm.consumers.info(names.stream, names.deliverer);
    },
    close() {
      link.close();
      rules.stop();
      events.stop();
    },
  };
}
