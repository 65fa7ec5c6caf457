import { describe, expect, it } from "vitest";
import { capturesLive, isPilotOwn, planCapture, type StreamFacts } from "./discovery";
import { PILOT_STREAMS } from "./topology";

function facts(name: string, subjects: string[], retention: StreamFacts["retention"], description: string | null = null): StreamFacts {
  return { name, subjects, retention, description, maxAgeNs: 0, maxMsgs: -1, maxBytes: -1, replicas: 1, messages: 0, firstSeq: 0, lastSeq: 0, firstTs: null };
}

// agentd @3711bad, executor per capability plus the bus's streams.
const PER_CAPABILITY = [
  facts("JS_INTENTS_FS_READ_V1", ["smith.intents.fs.read.v1"], "workqueue"),
  facts("SDLC_RAW", ["smith.intents.raw.*"], "workqueue"),
  facts("ATOMS_VETTED", ["smith.intents.vetted.*"], "interest"),
  facts("ATOMS_RESULTS", ["smith.results.*"], "limits"),
  facts("AUDIT_SECURITY", ["smith.audit.*"], "interest"),
  facts("SYSTEM_EVENTS", ["smith.system.*"], "limits"),
];

describe("planCapture", () => {
  it("never reads a WorkQueue stream with a consumer: it is watched; Limits and Interest streams are copied", () => {
    const plan = planCapture(PER_CAPABILITY);
    const read = Object.fromEntries(plan.streams.map((s) => [s.name, s.read]));
    expect(read).toEqual({ JS_INTENTS_FS_READ_V1: "watch", SDLC_RAW: "watch", ATOMS_VETTED: "copy", ATOMS_RESULTS: "copy", AUDIT_SECURITY: "copy" });
    // A stream of no family Pilot reads is left out.
    expect(plan.streams.map((s) => s.name)).not.toContain("SYSTEM_EVENTS");
    expect(plan.ingestSources).toEqual(["PILOT_CAPTURE"]);
  });

  it("captures live what no durably read stream holds, including dotted subjects a `*` stream misses", () => {
    const plan = planCapture(PER_CAPABILITY);
    expect(capturesLive(plan, "smith.intents.fs.read.v1")).toBe(true); // WorkQueue only
    expect(capturesLive(plan, "smith.intents.vetted.fs")).toBe(false); // ATOMS_VETTED copies it
    expect(capturesLive(plan, "smith.intents.vetted.fs.read.v1")).toBe(true); // `*` is one token
    expect(capturesLive(plan, "smith.results.0190")).toBe(false);
    expect(capturesLive(plan, "smith.audit.execution.0190")).toBe(true); // AUDIT_SECURITY is smith.audit.*
    expect(capturesLive(plan, "smith.planner_exec.events")).toBe(true); // no stream at all
  });

  it("reads Pilot's own default topology with ingest and copies nothing from it", () => {
    const own = PILOT_STREAMS.map((s) => facts(s.name, s.subjects, "limits", s.description));
    const plan = planCapture(own);
    expect(plan.streams.every((s) => s.read === "ingest")).toBe(true);
    expect(plan.ingestSources).toEqual([...own.map((s) => s.name).sort(), "PILOT_CAPTURE"]);
    expect(capturesLive(plan, "smith.results.x")).toBe(false);
    expect(capturesLive(plan, "smith.intents.fs.read.v1")).toBe(true);
  });

  it("never plans the accounts store: its KV buckets and its access-log stream (Pilot-described) are left out", () => {
    const store = [
      facts("KV_PILOT_AUTH_ACCOUNTS", ["$KV.PILOT_AUTH_ACCOUNTS.>"], "limits", "Pilot: accounts"),
      facts("KV_PILOT_AUTH_SESSIONS", ["$KV.PILOT_AUTH_SESSIONS.>"], "limits", "Pilot: sessions"),
      facts("PILOT_AUTH_LOG", ["pilot.auth-log.PILOT_AUTH"], "limits", "Pilot: access log"),
      facts("OTHER_AUTH_LOG", ["pilot.auth-log.OTHER"], "limits", "Pilot: access log"),
    ];
    const plan = planCapture([...store, ...PER_CAPABILITY]);
    for (const s of store) {
      expect(plan.streams.map((p) => p.name)).not.toContain(s.name);
      expect(plan.ingestSources).not.toContain(s.name);
    }
  });

  it("tells Smith's ATOMS_VETTED (Interest, smith.intents.vetted.*) from Pilot's stream of the same name", () => {
    expect(isPilotOwn(facts("ATOMS_VETTED", ["smith.intents.vetted.*"], "interest"))).toBe(false);
    expect(isPilotOwn(facts("ATOMS_VETTED", ["smith.intents.vetted.>"], "limits"))).toBe(true);
    expect(isPilotOwn(facts("ANYTHING", ["x.>"], "limits", "Pilot: mine"))).toBe(true);
  });

  it("bootstrap: INTENTS and RESULTS are Limits streams, copied; only stream-less families are live", () => {
    const plan = planCapture([facts("INTENTS", ["smith.intents.>"], "limits"), facts("RESULTS", ["smith.results.>"], "limits")]);
    const families = Object.fromEntries(plan.families.map((f) => [f.family.id, f.liveCapture]));
    expect(families.intents).toBe(false);
    expect(families.results).toBe(false);
    expect(families.audit).toBe(true);
  });
});
