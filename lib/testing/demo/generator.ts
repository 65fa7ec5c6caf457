import { benchmarkRunFlow } from "./benchmark-flow";
import { createContext, DEFAULT_START_NS, type DemoContext } from "./context";
import { intentFlow } from "./intent-flow";
import { ALL_EXECUTORS, executorChatter, executorReady } from "./lifecycle-flow";
import { malformedMessage } from "./malformed";
import { pilotRunFlow } from "./newt-flow";
import { plannerFlow } from "./planner-flow";
import { Prng } from "./prng";
import { Schedule } from "./schedule";
import { sessionFlow } from "./session-flow";
import { skillLiteFlow } from "./skilllite-flow";
import type { DemoMessage, Emit } from "./types";

export interface DemoGeneratorOptions {
  seed: number;
  /** Epoch nanoseconds of `atMs = 0`; defaults to a fixed instant so that the seed alone fixes the stream. */
  startNs?: bigint;
  /**
   * How busy the platform is: every activity starts `intensity` times as often (work
   * durations stay real). 1 gives about NATURAL_RATE messages a second.
   */
  intensity?: number;
}

/** Messages a second at intensity 1, measured over long runs of several seeds (±4%). */
export const NATURAL_RATE = 33.5;
/** How often a well-formed message is followed by a malformed one. */
export const MALFORMED_RATE = 0.01;
/** Size of the second session: the one huge DAG every stream has early on. */
export const BIG_SESSION_NODES = 2000;

interface Activity {
  nextAt: number;
  run: (atMs: number) => void;
  /** Milliseconds until the next start. */
  gap: () => number;
}

function activities(ctx: DemoContext, emit: Emit): Activity[] {
  const p = (label: string) => Prng.derive(ctx.seed, label);
  const intents = p("intents");
  const sessions = p("sessions");
  const pilots = p("pilots");
  const skills = p("skilllite");
  const bench = p("benchmark");
  const life = p("lifecycle");
  const planners = p("planner");
  let plannerIndex = 0;
  let sessionIndex = 0;
  let pilotIndex = 0;
  for (const executor of ALL_EXECUTORS) executorReady(ctx, life, emit, executor, life.int(0, 400));
  return [
    {
      nextAt: 50,
      run: (at) => void intentFlow(ctx, intents, emit, { atMs: at }),
      gap: () => intents.exp(230),
    },
    {
      nextAt: 300,
      run: (at) => {
        const index = sessionIndex++;
        // Session 0 is small, session 1 the big one; then mostly small, now and then large.
        const size =
          index === 0
            ? 12
            : index === 1
              ? BIG_SESSION_NODES
              : sessions.chance(1 / 15)
                ? sessions.logInt(800, 2000)
                : sessions.logInt(10, 300);
        sessionFlow(ctx, Prng.derive(ctx.seed, `session-${index}`), emit, { atMs: at, size });
      },
      gap: () => (sessionIndex === 1 ? 900 : sessions.exp(9000)),
    },
    {
      nextAt: 500,
      run: (at) =>
        void pilotRunFlow(ctx, Prng.derive(ctx.seed, `pilot-${pilotIndex}`), emit, {
          atMs: at,
          runIndex: pilotIndex++,
          tasks: 24,
        }),
      gap: () => 60_000 + pilots.int(0, 5000),
    },
    { nextAt: 800, run: (at) => skillLiteFlow(skills, emit, at), gap: () => skills.exp(900) },
    {
      nextAt: 2000,
      run: (at) => benchmarkRunFlow(ctx, bench, emit, at),
      gap: () => bench.exp(40_000),
    },
    { nextAt: 1000, run: (at) => executorChatter(ctx, life, emit, at), gap: () => life.exp(1500) },
    {
      nextAt: 1200,
      run: (at) => plannerFlow(ctx, Prng.derive(ctx.seed, `planner-${plannerIndex}`), emit, at, plannerIndex++),
      gap: () => (plannerIndex < 3 ? 4000 : planners.exp(30_000)),
    },
  ];
}

/**
 * An endless, time-ordered stream of demo traffic for the given seed. The same seed
 * (and start) always yields byte-identical messages; `atMs` never decreases.
 */
export function* createDemoGenerator(
  opts: DemoGeneratorOptions,
): Generator<DemoMessage, void, undefined> {
  const ctx = createContext(opts.seed, opts.startNs ?? DEFAULT_START_NS);
  const schedule = new Schedule();
  const emit: Emit = (m) => schedule.push(m);
  const intensity = opts.intensity ?? 1;
  if (!(intensity > 0 && Number.isFinite(intensity)))
    throw new RangeError("intensity must be a positive number");
  const acts = activities(ctx, emit);
  const damage = Prng.derive(ctx.seed, "malformed");
  for (;;) {
    let next = acts[0];
    for (const a of acts) if (next && a.nextAt < next.nextAt) next = a;
    if (!next) return;
    while (schedule.peekAt() <= next.nextAt) {
      const m = schedule.pop();
      if (!m) break;
      yield m;
      if (damage.chance(MALFORMED_RATE)) yield malformedMessage(ctx, damage, m.atMs);
    }
    next.run(next.nextAt);
    next.nextAt += Math.max(1, Math.round(next.gap() / intensity));
  }
}

/** The first `count` messages of a seed's stream. */
export function demoMessages(opts: DemoGeneratorOptions, count: number): DemoMessage[] {
  const out: DemoMessage[] = [];
  if (count <= 0) return out;
  for (const m of createDemoGenerator(opts)) {
    out.push(m);
    if (out.length >= count) break;
  }
  return out;
}
