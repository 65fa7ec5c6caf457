import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { JetStreamManager } from "@nats-io/jetstream";
import { subjectCoveredBy } from "../nats/subject-overlap";
import { PILOT_STREAMS } from "../nats/topology";
import { parseLossless } from "../protocol/json";
import type { DemoMessage } from "@/lib/testing/demo/types";

/** Shared by the ingest tests: polling, stream state, script processes, demo expectations. */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export type StreamCounts = Record<string, { messages: number; lastSeq: number }>;

/** Pilot's streams that hold messages, as the store's `streamCounts()` shapes them. */
export async function streamCounts(jsm: JetStreamManager): Promise<StreamCounts> {
  const out: StreamCounts = {};
  for (const { name } of PILOT_STREAMS) {
    const si = await jsm.streams.info(name);
    if (si.state.messages > 0) out[name] = { messages: si.state.messages, lastSeq: si.state.last_seq };
  }
  return out;
}

export function lastSeqs(counts: StreamCounts): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([s, c]) => [s, c.lastSeq]));
}

/** `until` for every topology stream: an empty one (nothing published there) is caught up at 0. */
export function untilEvery(counts: StreamCounts): Record<string, number> {
  return Object.fromEntries(PILOT_STREAMS.map(({ name }) => [name, counts[name]?.lastSeq ?? 0]));
}

export function total(counts: StreamCounts): number {
  return Object.values(counts).reduce((n, c) => n + c.messages, 0);
}

/** A script of ours as `npm run` starts it, with its output collected. */
export interface ScriptRun {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnScript(script: string, env: NodeJS.ProcessEnv, args: readonly string[] = []): ScriptRun {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exit };
}

/** What the streams hold of a published demo run, and what the index must make of it. */
export interface DemoExpectation {
  /** Messages some stream of Pilot's topology captured. */
  stored: DemoMessage[];
  malformed: DemoMessage[];
  intentIds: Set<string>;
}

export function expectFromDemo(messages: readonly DemoMessage[]): DemoExpectation {
  const stored = messages.filter((m) => PILOT_STREAMS.some((s) => s.subjects.some((f) => subjectCoveredBy(m.subject, f))));
  const intentIds = new Set<string>();
  for (const m of stored) {
    // Vetted intents and the ones the platform quarantined (smith.intents.quarantine.*) alike.
    if (m.malformed || !m.subject.startsWith("smith.intents.")) continue;
    const v = parseLossless(m.payload);
    if (v && typeof v === "object" && "id" in v && typeof v.id === "string") intentIds.add(v.id);
  }
  return { stored, malformed: stored.filter((m) => m.malformed), intentIds };
}
