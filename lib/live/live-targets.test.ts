import { describe, expect, it } from "vitest";
import { accepted, liveTargets, liveTargetsFor, type LiveSource } from "./live-targets";
import { readableSubjects } from "./readable-subjects";

const AUDITOR = readableSubjects("auditor");
const VIEWER = readableSubjects("viewer");

const EMBEDDED: LiveSource[] = [
  { stream: "ATOMS_VETTED", subjects: ["smith.intents.vetted.>"], captured: false },
  { stream: "ATOMS_RESULTS", subjects: ["smith.results.>"], captured: false },
  { stream: "AUDIT_SECURITY", subjects: ["smith.audit.>"], captured: false },
  { stream: "PILOT_CAPTURE", subjects: ["pilot.capture.>"], captured: true },
];
const ATTACHED: LiveSource[] = [{ stream: "PILOT_CAPTURE", subjects: ["pilot.capture.>"], captured: true }];

describe("liveTargets", () => {
  it("follows an own stream with the narrower filter, and the capture stream under its prefix", () => {
    expect(liveTargets(EMBEDDED, "smith.intents.>")).toEqual([
      { stream: "ATOMS_VETTED", filterSubject: "smith.intents.vetted.>", accepts: ["smith.intents.>"] },
      { stream: "PILOT_CAPTURE", filterSubject: "pilot.capture.smith.intents.>", accepts: ["smith.intents.>"] },
    ]);
    expect(liveTargets(EMBEDDED, "smith.audit.policy.>")).toEqual([
      { stream: "AUDIT_SECURITY", filterSubject: "smith.audit.policy.>", accepts: ["smith.audit.policy.>"] },
      { stream: "PILOT_CAPTURE", filterSubject: "pilot.capture.smith.audit.policy.>", accepts: ["smith.audit.policy.>"] },
    ]);
  });

  it("attached to a deployment, one consumer of the capture stream covers every filter; the rest is dropped by subject", () => {
    const targets = liveTargetsFor(ATTACHED, ["smith.results.abc", "smith.audit.*.abc"], AUDITOR);
    expect(targets).toEqual([{ stream: "PILOT_CAPTURE", filterSubject: "pilot.capture.smith.>", accepts: ["smith.results.abc", "smith.audit.*.abc"] }]);
    const [t] = targets;
    if (!t) throw new Error("no target");
    expect(accepted(t, "smith.results.abc")).toBe(true);
    expect(accepted(t, "smith.audit.policy.abc")).toBe(true);
    expect(accepted(t, "smith.results.other")).toBe(false);
    expect(accepted(t, "smith.events.graph.s1")).toBe(false);
  });

  it("one consumer per stream, each with the filters it serves", () => {
    const targets = liveTargetsFor(EMBEDDED, ["smith.intents.>", "smith.results.>", "smith.audit.policy.>"], AUDITOR);
    expect(targets.map((t) => [t.stream, t.filterSubject])).toEqual([
      ["ATOMS_VETTED", "smith.intents.vetted.>"],
      ["PILOT_CAPTURE", "pilot.capture.smith.>"],
      ["ATOMS_RESULTS", "smith.results.>"],
      ["AUDIT_SECURITY", "smith.audit.policy.>"],
    ]);
  });

  it("a viewer follows an intent's results and policy decision, never the rest of its audit trail", () => {
    expect(liveTargetsFor(EMBEDDED.slice(0, 3), ["smith.results.abc", "smith.audit.*.abc"], VIEWER).map((t) => [t.stream, t.filterSubject])).toEqual([
      ["ATOMS_RESULTS", "smith.results.abc"],
      ["AUDIT_SECURITY", "smith.audit.policy.abc"],
    ]);
    expect(liveTargetsFor(EMBEDDED, ["smith.audit.>"], VIEWER).map((t) => t.filterSubject)).toEqual(["smith.audit.policy.>", "pilot.capture.smith.audit.policy.>"]);
  });

  it("on the capture stream, a viewer gets one consumer per filter rather than one covering the audit trail", () => {
    const targets = liveTargetsFor(ATTACHED, ["smith.intents.>", "smith.results.>", "smith.audit.policy.>"], VIEWER);
    expect(targets.map((t) => t.filterSubject)).toEqual(["pilot.capture.smith.intents.>", "pilot.capture.smith.results.>", "pilot.capture.smith.audit.policy.>"]);
  });

  it("follows no stream that cannot hold the subject", () => {
    expect(liveTargets(EMBEDDED.slice(0, 3), "newt.replies.>")).toEqual([]);
  });
});
