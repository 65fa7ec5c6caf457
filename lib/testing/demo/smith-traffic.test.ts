import { describe, expect, it } from "vitest";
import { CAPABILITIES } from "./context";
import { BIG_SESSION_NODES } from "./generator";
import { bySubject, graphDeltas, json, wellFormed } from "./stream-fixture";
import type { DemoMessage } from "./types";

describe("createDemoGenerator: Smith traffic", () => {
  it("publishes intents of every capability, then audit, result and execution audit", () => {
    const intents = bySubject("smith.intents.vetted.");
    expect(new Set(intents.map((m) => json(m).capability))).toEqual(new Set(CAPABILITIES));
    for (const m of intents) {
      expect(m.subject).toBe(`smith.intents.vetted.${String(json(m).capability)}`);
      expect(m.headers?.["capability-digest"]).toMatch(/^[0-9a-f]{64}$/);
    }
    const atOf = (subject: string) => wellFormed.find((m) => m.subject === subject)?.atMs;
    const complete = intents.filter(
      (m) => atOf(`smith.audit.execution.${String(json(m).id)}`) !== undefined,
    );
    expect(complete.length).toBeGreaterThan(500);
    for (const m of complete) {
      const id = String(json(m).id);
      const policy = atOf(`smith.audit.policy.${id}`) ?? -1;
      const result = atOf(`smith.results.${id}`) ?? -1;
      const execution = atOf(`smith.audit.execution.${id}`) ?? -1;
      expect(m.atMs).toBeLessThanOrEqual(policy);
      expect(policy).toBeLessThanOrEqual(result);
      expect(result).toBeLessThanOrEqual(execution);
    }
  });

  it("parks a few intents on Smith's quarantine subjects, with no result", () => {
    const parked = bySubject("smith.intents.quarantine.");
    expect(parked.length).toBeGreaterThan(5);
    expect(parked.length).toBeLessThan(bySubject("smith.intents.vetted.").length / 10);
    for (const m of parked) {
      const id = String(json(m).id);
      expect(wellFormed.some((x) => x.subject === `smith.results.${id}`)).toBe(false);
    }
  });

  it("writes Smith fields in declaration order, with null for None", () => {
    const intent = bySubject("smith.intents.vetted.")[0] as DemoMessage;
    expect(Object.keys(json(intent))).toEqual([
      "id",
      "capability",
      "domain",
      "params",
      "created_at_ns",
      "ttl_ms",
      "nonce",
      "signer",
      "signature_b64",
      "metadata",
    ]);
    const result = bySubject("smith.results.")[0] as DemoMessage;
    expect(Object.keys(json(result))).toEqual([
      "intent_id",
      "status",
      "output",
      "error",
      "started_at_ns",
      "finished_at_ns",
      "runner_meta",
      "audit_ref",
    ]);
    expect(result.payload).toMatch(/"(output|error)":null/);
  });

  it("covers every result status, with the executor's denied shape", () => {
    const results = bySubject("smith.results.").map(json);
    expect(new Set(results.map((r) => r.status))).toEqual(
      new Set(["ok", "error", "denied", "timeout", "killed", "success", "failed"]),
    );
    for (const r of results) {
      const ref = r.audit_ref as { id: string; hash: string };
      expect(ref.id).toBe(`audit-${String(r.intent_id)}`);
      if (r.status !== "denied") continue;
      expect(r.started_at_ns).toBe(r.finished_at_ns);
      expect(r.runner_meta).toEqual({ pid: 0, cpu_ms: 0, max_rss_kb: 0, capability_digest: null });
      expect((r.error as { code: string }).code).toBe("POLICY_DENIED");
    }
    expect(results.some((r) => (r.audit_ref as { hash: string }).hash === "placeholder")).toBe(
      true,
    );
    const codes = new Set(
      results.map((r) => (r.error as { code?: string } | null)?.code).filter(Boolean),
    );
    expect(codes).toEqual(new Set(["POLICY_DENIED", "EXECUTION_ERROR", "EXECUTION_OTHER"]));
  });

  it("keeps nanosecond timestamps above 2^53 exact", () => {
    const intent = bySubject("smith.intents.vetted.")[3] as DemoMessage;
    const ns = json(intent).created_at_ns;
    expect(typeof ns).toBe("bigint");
    expect(ns as bigint).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    const digits = /"created_at_ns":(\d+)/.exec(intent.payload)?.[1] ?? "";
    expect(BigInt(digits)).toBe(ns);
    // JSON.parse would round it: the reason the app parses losslessly.
    expect(BigInt(Math.round(Number(digits)))).not.toBe(ns);
  });

  it("contains a session of about 2,000 nodes, built in several deltas", () => {
    const nodes = new Map<string, Set<string>>();
    const deltas = new Map<string, number>();
    for (const d of graphDeltas()) {
      const set = nodes.get(d.session) ?? new Set<string>();
      for (const n of d.data.nodes_added) set.add(n.id);
      nodes.set(d.session, set);
      deltas.set(d.session, (deltas.get(d.session) ?? 0) + 1);
    }
    const [big, ids] = [...nodes.entries()].sort((a, b) => b[1].size - a[1].size)[0] ?? [
      "",
      new Set(),
    ];
    expect(ids.size).toBe(BIG_SESSION_NODES);
    expect(deltas.get(big)).toBeGreaterThan(20);
    expect(Math.min(...[...nodes.values()].map((s) => s.size))).toBeLessThanOrEqual(12);
  });

  it("moves nodes pending → running → a final state by re-adding them", () => {
    const history = new Map<string, string[]>();
    for (const d of graphDeltas()) {
      for (const n of d.data.nodes_added)
        history.set(n.id, [...(history.get(n.id) ?? []), n.metadata.status ?? "?"]);
    }
    const finals = new Set<string>();
    let full = 0;
    // A window collapses changes (a node added and started at once arrives as running),
    // but a node never goes back: pending, then running, then one final state.
    const rank = (s: string) => (s === "pending" ? 0 : s === "running" ? 1 : 2);
    for (const seq of history.values()) {
      for (let i = 1; i < seq.length; i++)
        expect(rank(seq[i] ?? "")).toBeGreaterThan(rank(seq[i - 1] ?? ""));
      if (seq.length === 3 && seq[1] === "running") {
        full++;
        finals.add(seq[2] ?? "");
      }
      if (seq.length > 1) finals.add(seq[seq.length - 1] ?? "");
    }
    expect(full).toBeGreaterThan(500);
    for (const s of ["ok", "error", "skipped", "denied", "timeout"]) expect(finals).toContain(s);
  });

  it("links DAG nodes to intents of the stream", () => {
    const intentIds = new Set(bySubject("smith.intents.vetted.").map((m) => String(json(m).id)));
    const linked = graphDeltas()
      .flatMap((d) => d.data.nodes_added.map((n) => n.metadata.intent_id))
      .filter(Boolean);
    expect(linked.length).toBeGreaterThan(10);
    for (const id of linked) expect(intentIds).toContain(id);
  });

  it("sends other Event variants on executor lifecycle subjects", () => {
    const types = new Set(bySubject("smith.events.executor.lifecycle.").map((m) => json(m).type));
    for (const t of ["Ready", "StateChange", "Log"]) expect(types).toContain(t);
  });
});
