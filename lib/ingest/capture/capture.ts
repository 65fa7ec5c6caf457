import type { NatsConnection } from "@nats-io/nats-core";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { capturesLive, planCapture, type CapturePlan } from "../../nats/discovery";
import type { TopologyLimits } from "../../nats/ensure-topology";
import { PLATFORM_FAMILIES } from "../../nats/platform-families";
import { createCaptureState, type CaptureState } from "./capture-state";
import { ensureCaptureStreams } from "./capture-streams";
import { createCaptureWriter, type CaptureWriter } from "./capture-writer";
import { listStreamFacts } from "@/lib/nats/list-streams";
import { startLiveCapture, type LiveCapture } from "./live-capture";
import { ConsumerLeaderless } from "../consumer-setup";
import { copyDurable, runCopy, setupCopy, type CopyStatus } from "./stream-copy";
import { recoverWorkQueue, type RecoveryOutcome } from "./workqueue-watch";
import { abortableSleep } from "@/lib/nats/abortable-sleep";

export interface CaptureOptions {
  /** Pilot's server connection; capture keeps it for its whole run. */
  connection: () => Promise<NatsConnection>;
  limits: TopologyLimits;
  log?: (line: string) => void;
  rediscoverMs?: number;
  watermarkMs?: number;
  retryMs?: number;
}

export interface CaptureStatus {
  state: "starting" | "running" | "error" | "stopped";
  startedAt: string;
  plan: CapturePlan | null;
  live: { subjects: string[]; captured: number; lost: number; since: string | null; lastError: string | null; lastErrorAt: string | null };
  watched: RecoveryOutcome[];
  copies: CopyStatus[];
  lastError: string | null;
}

export interface Capture {
  status(): CaptureStatus;
  /** The first plan, once discovery has run (retried until it does, or until stopped). */
  plan(): Promise<CapturePlan | null>;
  stop(): Promise<void>;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}


const FAMILY_SUBJECTS = PLATFORM_FAMILIES.map((f) => f.subject);

/**
 * Pilot's capture: everything the platform publishes that Pilot reads ends up in a stream
 * of Pilot's own, whatever the deployment's layout (PROTOCOL.md, "Smith as deployed"):
 * platform Limits/Interest streams are copied by a durable consumer; WorkQueue-held and
 * stream-less subjects are copied from core subscriptions, and a WorkQueue stream's waiting
 * messages are read by sequence whenever the subscription (re)starts. Nothing is ever taken
 * from a WorkQueue stream. Every replica may run it: copies are deduplicated by id.
 */
export function startCapture(o: CaptureOptions): Capture {
  const log = o.log ?? (() => {});
  const abort = new AbortController();
  const status: CaptureStatus = {
    state: "starting",
    startedAt: new Date().toISOString(),
    plan: null,
    live: { subjects: FAMILY_SUBJECTS, captured: 0, lost: 0, since: null, lastError: null, lastErrorAt: null },
    watched: [],
    copies: [],
    lastError: null,
  };
  let resolvePlan: (p: CapturePlan | null) => void = () => {};
  const firstPlan = new Promise<CapturePlan | null>((resolve) => (resolvePlan = resolve));
  let live: LiveCapture | null = null;
  const copyRuns = new Map<string, Promise<void>>();
  const watched = new Set<string>();

  const countersFrom = (l: LiveCapture | null) => {
    if (!l) return;
    status.live.captured += l.counters.captured;
    status.live.lost += l.counters.lost;
    if (l.counters.lastError) {
      status.live.lastError = l.counters.lastError;
      status.live.lastErrorAt = l.counters.lastErrorAt;
    }
  };
  const liveNow = () => ({
    captured: status.live.captured + (live?.counters.captured ?? 0),
    lost: status.live.lost + (live?.counters.lost ?? 0),
  });

  /** (Re)starts the core subscriptions, then reads what waits in each WorkQueue stream. */
  async function restartLive(nc: NatsConnection, jsm: JetStreamManager, writer: CaptureWriter, state: CaptureState, plan: CapturePlan, streams: string[]) {
    const lastBefore = new Map<string, number>();
    for (const s of streams) lastBefore.set(s, (await jsm.streams.info(s)).state.last_seq);
    const previous = live;
    live = startLiveCapture(nc, FAMILY_SUBJECTS, (subject) => capturesLive(status.plan ?? plan, subject), writer);
    await nc.flush();
    status.live.since ??= new Date().toISOString();
    if (previous) {
      await previous.stop();
      countersFrom(previous);
    }
    for (const s of streams) {
      const outcome = await recoverWorkQueue(jsm, state, writer, s, lastBefore.get(s) ?? 0);
      status.watched = [...status.watched.filter((w) => w.stream !== s), outcome];
      watched.add(s);
      if (outcome.recovered > 0) log(`${s}: ${outcome.recovered} waiting message(s) read by sequence`);
      if (outcome.gap) log(`${s}: GAP ${outcome.gap.reason}`);
    }
  }

  async function adopt(nc: NatsConnection, js: JetStreamClient, jsm: JetStreamManager, writer: CaptureWriter, state: CaptureState, plan: CapturePlan) {
    status.plan = plan;
    const newWatch = plan.streams.filter((s) => s.read === "watch" && !watched.has(s.name)).map((s) => s.name);
    if (!live) await restartLive(nc, jsm, writer, state, plan, newWatch);
    else
      for (const s of newWatch) {
        // Already subscribed to its subjects: only what waits, and nothing counts as before.
        const outcome = await recoverWorkQueue(jsm, state, writer, s, 0);
        status.watched.push(outcome);
        watched.add(s);
      }
    for (const s of plan.streams) {
      if (s.read !== "copy" || copyRuns.has(s.name)) continue;
      const copyStatus: CopyStatus = { stream: s.name, durable: copyDurable(s.name), copied: 0, lastSeq: 0, pending: null, lastError: null, lastErrorAt: null };
      // A leaderless copy consumer must not stop the whole capture: its copy run retries
      // it, and replaces it once it has had no leader for too long.
      const setup = await setupCopy(jsm, state, s.name, Date.now()).catch((err: unknown) => {
        if (!(err instanceof ConsumerLeaderless)) throw err;
        copyStatus.lastError = err.message;
        copyStatus.lastErrorAt = new Date().toISOString();
        return null;
      });
      if (setup?.gap) log(`${s.name}: GAP ${setup.gap.reason}`);
      log(`${s.name} (${s.retention}): copied by durable ${copyDurable(s.name)}${setup?.created ? " (created)" : ""}${setup ? "" : ` (${copyStatus.lastError})`}`);
      status.copies.push(copyStatus);
      copyRuns.set(s.name, runCopy(js, jsm, writer, state, copyStatus, abort.signal, { retryMs: o.retryMs, log }));
    }
  }

  /**
   * Moves each watched stream's watermark to its last sequence, read now: the core
   * subscription has run without a break since its last (re)start, so every message up to
   * it was seen; once the copies in flight are stored without a loss, all of them are kept.
   */
  async function markWatermarks(jsm: JetStreamManager, state: CaptureState) {
    const l = live;
    if (!l || watched.size === 0) return;
    const marks = new Map<string, number>();
    for (const s of watched) marks.set(s, (await jsm.streams.info(s)).state.last_seq);
    const lostBefore = l.counters.lost;
    await l.settle();
    if (l.counters.lost !== lostBefore || l !== live) return;
    for (const [s, seq] of marks) {
      const prev = await state.watermark(s);
      if (!prev || prev.seq < seq) await state.setWatermark(s, { seq, atMs: Date.now(), sinceMs: prev?.sinceMs ?? Date.now() });
    }
  }
  let lastMark: (() => Promise<void>) | null = null;

  async function run() {
    let nc: NatsConnection | null = null;
    while (!abort.signal.aborted) {
      try {
        nc = await o.connection();
        const js = jetstream(nc, { timeout: 10_000 });
        const jsm = await jetstreamManager(nc, { checkAPI: false, timeout: 10_000 });
        const created = await ensureCaptureStreams(jsm, o.limits);
        if (created.length > 0) log(`created ${created.join(", ")}`);
        const writer = createCaptureWriter(js);
        const state = createCaptureState(js, jsm);
        const plan = planCapture(await listStreamFacts(jsm));
        await adopt(nc, js, jsm, writer, state, plan);
        status.state = "running";
        status.lastError = null;
        resolvePlan(plan);
        lastMark = () => markWatermarks(jsm, state);
        await supervise(nc, js, jsm, writer, state);
        return;
      } catch (err) {
        status.state = "error";
        status.lastError = message(err);
        log(`capture: ${status.lastError}; retrying`);
        await abortableSleep(o.retryMs ?? 2000, abort.signal);
      }
    }
  }

  /** Watermarks, rediscovery, and recovery after every reconnect, until stopped. */
  let disconnectedAt: number | null = null;
  const disconnected = () => disconnectedAt !== null;
  async function supervise(nc: NatsConnection, js: JetStreamClient, jsm: JetStreamManager, writer: CaptureWriter, state: CaptureState) {
    let reconnected = false;
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === "disconnect" && disconnectedAt === null) disconnectedAt = Date.now();
        if (s.type === "reconnect") reconnected = true;
      }
    })();
    let lastDiscovery = Date.now();
    while (!abort.signal.aborted) {
      await abortableSleep(o.watermarkMs ?? 5000, abort.signal);
      if (abort.signal.aborted) break;
      try {
        const plan = status.plan;
        if (!plan) continue;
        if (reconnected) {
          reconnected = false;
          const since = disconnectedAt ?? Date.now();
          disconnectedAt = null;
          if (plan.families.some((f) => f.liveCapture))
            await state.addGap({
              stream: "live",
              fromSeq: null,
              toSeq: null,
              count: null,
              fromMs: since,
              toMs: Date.now(),
              detectedMs: Date.now(),
              reason: "this Pilot was disconnected from NATS: messages on subjects that no stream keeps, published meanwhile, were not seen by it (another replica may have captured them)",
            });
          await restartLive(nc, jsm, writer, state, plan, [...watched]);
          continue;
        }
        await markWatermarks(jsm, state);
        if (Date.now() - lastDiscovery >= (o.rediscoverMs ?? 30_000)) {
          lastDiscovery = Date.now();
          await adopt(nc, js, jsm, writer, state, planCapture(await listStreamFacts(jsm)));
        }
      } catch (err) {
        status.lastError = message(err);
        log(`capture: ${status.lastError}`);
      }
    }
  }

  const done = run().finally(() => resolvePlan(status.plan));

  return {
    status: () => ({ ...status, live: { ...status.live, ...liveNow() }, copies: status.copies.map((c) => ({ ...c })) }),
    plan: () => firstPlan,
    async stop() {
      abort.abort();
      await done;
      // A clean stop leaves the watermark where the subscription stopped seeing: what the
      // executor takes from here on, while no Pilot runs, is a gap at the next start.
      if (status.state === "running" && !disconnected()) await lastMark?.().catch(() => undefined);
      await live?.stop();
      await Promise.all(copyRuns.values());
      status.state = "stopped";
    },
  };
}
