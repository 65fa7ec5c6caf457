import { nanos } from "@nats-io/nats-core";
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  ReplayPolicy,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from "@nats-io/jetstream";

/**
 * The two layouts a real agentd deployment leaves on NATS (PROTOCOL.md, "Smith as
 * deployed"), stream for stream as agentd @3711bad creates them:
 * - bootstrap: smith-config `NatsConfig::default()` (crates/smith-config/src/nats.rs);
 * - per-capability: the executor's `ensure_stream` (src/nats.rs) per configured capability,
 *   plus the bus's streams (crates/smith-bus/src/streams.rs).
 */
export type SmithTopology = "bootstrap" | "per-capability";

export const SMITH_CAPABILITIES = ["fs.read.v1", "shell.exec.v1", "http.fetch.v1"] as const;

const MIN = 60_000;
const HOUR = 60 * MIN;
const MB = 1024 * 1024;

export interface ExecutorConsumer {
  stream: string;
  durable: string;
  /** The subject its intents arrive on (the filter in per-capability). */
  subject: string;
}

/** `fs.read.v1` → `JS_INTENTS_FS_READ_V1` (src/nats.rs ensure_stream). */
export function capabilityStream(capability: string): string {
  return `JS_INTENTS_${capability.replace(/\./g, "_").toUpperCase()}`;
}

/** `fs.read.v1` → `executor-fs-read-v1-workqueue` (src/nats.rs create_consumer). */
export function capabilityConsumer(capability: string): string {
  return `executor-${capability.replace(/\./g, "-")}-workqueue`;
}

type NamedStream = Partial<StreamConfig> & { name: string; subjects: string[] };

function stream(c: NamedStream, ageMs: number): NamedStream {
  return { storage: StorageType.File, num_replicas: 1, discard: DiscardPolicy.Old, ...c, max_age: nanos(ageMs) };
}

/** smith-bus streams.rs: the streams the bus may create beside the executor's. */
const BUS_STREAMS: NamedStream[] = [
  stream({ name: "SDLC_RAW", subjects: ["smith.intents.raw.*"], retention: RetentionPolicy.Workqueue, max_bytes: 500 * MB, max_msgs: 50_000, max_msg_size: 2 * MB, duplicate_window: nanos(60_000), description: "Phase 2: Raw intent ingestion with high-throughput optimization" }, 6 * HOUR),
  stream({ name: "ATOMS_VETTED", subjects: ["smith.intents.vetted.*"], retention: RetentionPolicy.Interest, max_bytes: 1024 * MB, max_msgs: 100_000, max_msg_size: 2 * MB, duplicate_window: nanos(2 * MIN), description: "Phase 2: Policy-approved intents with ordering guarantees" }, 12 * HOUR),
  stream({ name: "ATOMS_RESULTS", subjects: ["smith.results.*"], retention: RetentionPolicy.Limits, max_bytes: 2048 * MB, max_msgs: 200_000, max_msg_size: 4 * MB, duplicate_window: nanos(5 * MIN), description: "Phase 2: Execution results with performance tracking" }, 48 * HOUR),
  stream({ name: "AUDIT_SECURITY", subjects: ["smith.audit.*"], retention: RetentionPolicy.Interest, max_bytes: 10 * 1024 * MB, max_msgs: 1_000_000, max_msg_size: MB, duplicate_window: nanos(MIN), description: "Phase 2: Security and compliance audit events" }, 365 * 24 * HOUR),
  stream({ name: "SDLC_QUARANTINE_BACKPRESSURE", subjects: ["smith.intents.quarantine.*"], retention: RetentionPolicy.Workqueue, max_bytes: 100 * MB, max_msgs: 10_000, max_msg_size: MB, duplicate_window: nanos(30_000), description: "Phase 2: Backpressure and quarantine handling" }, 2 * HOUR),
];

export interface LayoutOptions {
  capabilities?: readonly string[];
  /** The bootstrap streams' ages (10 minutes and 5 minutes in agentd); tests shorten them. */
  intentsAgeMs?: number;
  resultsAgeMs?: number;
  /** The capability streams' age (agentd's executor config: 10 minutes). */
  capabilityAgeMs?: number;
  /** Per-capability only: also create the bus's streams (default true). */
  busStreams?: boolean;
}

/** Lays a topology out on the server; returns the consumers the executor pulls from. */
export async function layOutSmith(jsm: JetStreamManager, topology: SmithTopology, o: LayoutOptions = {}): Promise<ExecutorConsumer[]> {
  const caps = o.capabilities ?? SMITH_CAPABILITIES;
  if (topology === "bootstrap") {
    await jsm.streams.add(stream({ name: "INTENTS", subjects: ["smith.intents.>"], retention: RetentionPolicy.Limits, max_bytes: 1024 * MB }, o.intentsAgeMs ?? 10 * MIN));
    await jsm.streams.add(stream({ name: "RESULTS", subjects: ["smith.results.>"], retention: RetentionPolicy.Limits, max_bytes: 512 * MB }, o.resultsAgeMs ?? 5 * MIN));
    // NatsConfig::default(): pull consumer "executor" (deliver new, explicit acks, 30 s, 3 deliveries).
    await jsm.consumers.add("INTENTS", { durable_name: "executor", deliver_policy: DeliverPolicy.New, ack_policy: AckPolicy.Explicit, ack_wait: nanos(30_000), max_deliver: 3, replay_policy: ReplayPolicy.Instant });
    await jsm.consumers.add("RESULTS", { durable_name: "http", deliver_policy: DeliverPolicy.New, ack_policy: AckPolicy.Explicit, ack_wait: nanos(10_000), max_deliver: 2, replay_policy: ReplayPolicy.Instant });
    return [{ stream: "INTENTS", durable: "executor", subject: "smith.intents.>" }];
  }
  const consumers: ExecutorConsumer[] = [];
  for (const cap of caps) {
    const name = capabilityStream(cap);
    const subject = `smith.intents.${cap}`;
    await jsm.streams.add(stream({ name, subjects: [subject], retention: RetentionPolicy.Workqueue, max_bytes: 10 * MB }, o.capabilityAgeMs ?? 10 * MIN));
    const durable = capabilityConsumer(cap);
    await jsm.consumers.add(name, {
      durable_name: durable,
      description: `executor worker consumer for capability ${cap}`,
      filter_subject: subject,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(30_000),
      max_ack_pending: 2,
      deliver_policy: DeliverPolicy.All,
      replay_policy: ReplayPolicy.Instant,
      inactive_threshold: nanos(600_000),
    });
    consumers.push({ stream: name, durable, subject });
  }
  if (o.busStreams ?? true) for (const s of BUS_STREAMS) await jsm.streams.add(s);
  return consumers;
}
