import { describe, expect, it } from "vitest";
import { accepted, liveTargets, liveTargetsFor, type LiveSource } from "./live-targets";

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
    const targets = liveTargetsFor(ATTACHED, ["smith.results.abc", "smith.audit.*.abc"]);
    expect(targets).toEqual([{ stream: "PILOT_CAPTURE", filterSubject: "pilot.capture.smith.>", accepts: ["smith.results.abc", "smith.audit.*.abc"] }]);
    const [t] = targets;
    if (!t) throw new Error("no target");
    expect(accepted(t, "smith.results.abc")).toBe(true);
    expect(accepted(t, "smith.audit.policy.abc")).toBe(true);
    expect(accepted(t, "smith.results.other")).toBe(false);
    expect(accepted(t, "smith.events.graph.s1")).toBe(false);
  });

  it("one consumer per stream, each with the filters it serves", () => {
    const targets = liveTargetsFor(EMBEDDED, ["smith.intents.>", "smith.results.>", "smith.audit.policy.>"]);
    expect(targets.map((t) => [t.stream, t.filterSubject])).toEqual([
      ["ATOMS_VETTED", "smith.intents.vetted.>"],
      ["PILOT_CAPTURE", "pilot.capture.smith.>"],
      ["ATOMS_RESULTS", "smith.results.>"],
      ["AUDIT_SECURITY", "smith.audit.policy.>"],
    ]);
  });

  it("follows no stream that cannot hold the subject", () => {
    expect(liveTargets(EMBEDDED.slice(0, 3), "newt.replies.>")).toEqual([]);
  });
});
