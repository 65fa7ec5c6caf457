import { describe, expect, it } from "vitest";
import { liveTargets, liveTargetsFor, type LiveSource } from "./live-targets";

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
      { stream: "ATOMS_VETTED", filterSubject: "smith.intents.vetted.>" },
      { stream: "PILOT_CAPTURE", filterSubject: "pilot.capture.smith.intents.>" },
    ]);
    expect(liveTargets(EMBEDDED, "smith.audit.policy.>")).toEqual([
      { stream: "AUDIT_SECURITY", filterSubject: "smith.audit.policy.>" },
      { stream: "PILOT_CAPTURE", filterSubject: "pilot.capture.smith.audit.policy.>" },
    ]);
  });

  it("attached to a deployment, everything comes from the capture stream", () => {
    expect(liveTargetsFor(ATTACHED, ["smith.results.abc", "smith.audit.*.abc"])).toEqual([
      { stream: "PILOT_CAPTURE", filterSubject: "pilot.capture.smith.results.abc" },
      { stream: "PILOT_CAPTURE", filterSubject: "pilot.capture.smith.audit.*.abc" },
    ]);
  });

  it("follows no stream that cannot hold the subject", () => {
    expect(liveTargets(EMBEDDED.slice(0, 3), "newt.replies.>")).toEqual([]);
  });
});
