import { parseExact, stringifyLossless } from "@/lib/protocol/json";
import { benchmarkRunFlow } from "./benchmark-flow";
import type { DemoContext } from "./context";
import { intentFlow } from "./intent-flow";
import { executorChatter } from "./lifecycle-flow";
import { pilotRunFlow } from "./newt-flow";
import type { Prng } from "./prng";
import { sessionFlow } from "./session-flow";
import { skillLiteFlow } from "./skilllite-flow";
import type { DemoMessage } from "./types";

/**
 * Broken messages on the real subjects, so that the quarantine has something to show:
 * invalid JSON, wrong types, missing required fields, non-UTF-8 bytes. Each is built
 * from a well-formed message of the same kind, then damaged in one way.
 */

type Damage = "truncated" | "wrong-type" | "missing-field" | "non-utf8" | "not-an-object";

interface Rule {
  prefix: string;
  /** Dotted path of a required field, and a value of the wrong type for it. */
  field: string;
  wrong: unknown;
}

// Longest prefix first: `smith.audit.policy.` before anything shorter.
const RULES: readonly Rule[] = [
  { prefix: "smith.intents.vetted.", field: "created_at_ns", wrong: "1748768400123456789" },
  { prefix: "smith.audit.policy.", field: "timestamp_ns", wrong: "yesterday" },
  { prefix: "smith.audit.execution.", field: "policy_decisions", wrong: "allow" },
  { prefix: "smith.results.", field: "started_at_ns", wrong: "1748768400123456789" },
  { prefix: "smith.events.graph.", field: "data.nodes_added", wrong: { id: "not-a-list" } },
  { prefix: "smith.events.executor.lifecycle.", field: "type", wrong: 7 },
  { prefix: "smith.benchmark.", field: "run_id", wrong: 42 },
  { prefix: "newt.replies.", field: "empty_diff", wrong: "false" },
  { prefix: "skilllite.tasks.", field: "context", wrong: "/home/dev/payments-api" },
  { prefix: "skilllite.results.", field: "tool_calls", wrong: "3" },
];

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Whether a dotted path names a field of a parsed payload. */
function has(root: unknown, keys: readonly string[]): boolean {
  const [head, ...tail] = keys;
  if (!isRecord(root) || head === undefined || !(head in root)) return false;
  return tail.length === 0 || has(root[head], tail);
}

/** A copy with the field at `keys` replaced (`set`) or left out; key order is kept. */
function edit(
  value: unknown,
  keys: readonly string[],
  change: { set: unknown } | "remove",
): unknown {
  const [head, ...tail] = keys;
  if (!isRecord(value) || head === undefined) return value;
  if (tail.length > 0) return { ...value, [head]: edit(value[head], tail, change) };
  if (change !== "remove") return { ...value, [head]: change.set };
  const { [head]: _removed, ...rest } = value;
  return rest;
}

/** A well-formed message of a random kind, built by the real flows on a scratch queue. */
function baseMessage(ctx: DemoContext, prng: Prng, atMs: number): DemoMessage {
  const out: DemoMessage[] = [];
  const emit = (m: DemoMessage) => out.push(m);
  const kind = prng.weighted([
    ["intent", 5],
    ["graph", 1],
    ["newt", 2],
    ["skill", 1],
    ["bench", 1],
    ["life", 0.5],
  ] as const);
  if (kind === "intent") intentFlow(ctx, prng, emit, { atMs });
  else if (kind === "graph") sessionFlow(ctx, prng, emit, { atMs, size: 6 });
  else if (kind === "newt")
    pilotRunFlow(ctx, prng, emit, { atMs, runIndex: prng.int(0, 1), tasks: 1 });
  else if (kind === "skill") skillLiteFlow(prng, emit, atMs);
  else if (kind === "bench") benchmarkRunFlow(ctx, prng, emit, atMs);
  else executorChatter(ctx, prng, emit, atMs);
  const pickable =
    kind === "graph" ? out.filter((m) => m.subject.startsWith("smith.events.graph.")) : out;
  return prng.pick(pickable.length > 0 ? pickable : out);
}

export function malformedMessage(ctx: DemoContext, prng: Prng, atMs: number): DemoMessage {
  const base = baseMessage(ctx, prng, atMs);
  const damage = prng.weighted<Damage>([
    ["truncated", 25],
    ["wrong-type", 30],
    ["missing-field", 25],
    ["non-utf8", 10],
    ["not-an-object", 10],
  ]);
  const msg = (payload: string, malformed: string, bytes?: Uint8Array): DemoMessage => ({
    subject: base.subject,
    ...(base.headers ? { headers: base.headers } : {}),
    payload,
    ...(bytes ? { bytes } : {}),
    atMs,
    malformed,
  });
  const rule = RULES.find((r) => base.subject.startsWith(r.prefix));
  switch (damage) {
    case "truncated": {
      const cut = Math.max(1, Math.floor(base.payload.length * prng.float(0.2, 0.95)));
      return msg(base.payload.slice(0, cut), "invalid JSON: truncated");
    }
    case "not-an-object":
      return msg(prng.pick(["[]", "null", '"ok"', "42"]), "invalid payload: not a JSON object");
    case "non-utf8": {
      const text = base.payload;
      const at = text.indexOf('":"') + 3;
      const enc = new TextEncoder();
      const head = enc.encode(text.slice(0, at));
      const tail = enc.encode(text.slice(at));
      const bytes = new Uint8Array(head.length + 2 + tail.length);
      bytes.set(head, 0);
      bytes.set([0xc3, 0x28], head.length); // an invalid two-byte sequence
      bytes.set(tail, head.length + 2);
      return msg(new TextDecoder().decode(bytes), "invalid payload: not UTF-8", bytes);
    }
    case "wrong-type":
    case "missing-field": {
      const parsed = parseExact(base.payload);
      const keys = rule?.field.split(".") ?? [];
      if (!rule || !has(parsed, keys))
        return msg(base.payload.slice(0, -1), "invalid JSON: truncated");
      if (damage === "wrong-type") {
        return msg(
          stringifyLossless(edit(parsed, keys, { set: rule.wrong })),
          `wrong type: ${rule.field}`,
        );
      }
      return msg(stringifyLossless(edit(parsed, keys, "remove")), `missing field: ${rule.field}`);
    }
  }
}
