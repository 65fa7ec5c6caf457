import { describe, expect, it } from "vitest";
import { MALFORMED_RATE } from "./generator";
import { bySubject, json, messages } from "./stream-fixture";

describe("createDemoGenerator: agent traffic", () => {
  it("has at least two pilot runs, four models and every emission shape", () => {
    const replies = bySubject("newt.replies.");
    const pilots = new Set(replies.map((m) => m.subject.split(".")[2]));
    const models = new Set(replies.map((m) => json(m).model_id));
    const shapes = new Set(replies.map((m) => json(m).emission_shape).filter(Boolean));
    expect(pilots.size).toBeGreaterThanOrEqual(2);
    expect(models.size).toBeGreaterThanOrEqual(4);
    expect(shapes).toEqual(new Set(["whole_files", "unified_diff", "prose"]));
    expect(replies.some((m) => /FILE: \S+\n[\s\S]*END-FILE/.test(String(json(m).content)))).toBe(
      true,
    );
    // Newt leaves optional fields out instead of writing null.
    for (const m of replies) expect(m.payload).not.toContain(":null");
  });

  it("mixes emission shapes differently from one pilot run to the next", () => {
    const share = new Map<string, { diff: number; all: number }>();
    for (const m of bySubject("newt.replies.")) {
      const pilot = m.subject.split(".")[2] ?? "";
      const s = share.get(pilot) ?? { diff: 0, all: 0 };
      s.all++;
      if (json(m).emission_shape === "unified_diff") s.diff++;
      share.set(pilot, s);
    }
    const ratios = [...share.values()].filter((s) => s.all > 40).map((s) => s.diff / s.all);
    expect(Math.max(...ratios) - Math.min(...ratios)).toBeGreaterThan(0.2);
  });

  it("sends SkillLite tasks and results, optional fields absent when none", () => {
    const results = bySubject("skilllite.results.").map((m) => m.payload);
    expect(bySubject("skilllite.tasks.").length).toBeGreaterThan(20);
    expect(results.some((p) => p.includes('"new_skill":{'))).toBe(true);
    expect(
      results.some((p) => p.includes('"completion_type":') && p.includes('"llm_usage":{')),
    ).toBe(true);
    for (const p of results) expect(p).not.toContain(":null");
  });

  it("sends benchmark events with an externally tagged event_type", () => {
    const events = bySubject("smith.benchmark.");
    const tags = new Set(events.map((m) => Object.keys(json(m).event_type as object)[0]));
    for (const t of ["RunStart", "Step", "ToolCall", "RunStop"]) expect(tags).toContain(t);
  });

  it("damages about 1% of the messages, each with a reason", () => {
    const bad = messages.filter((m) => m.malformed);
    expect(bad.length / messages.length).toBeGreaterThan(MALFORMED_RATE * 0.5);
    expect(bad.length / messages.length).toBeLessThan(MALFORMED_RATE * 2);
    const reasons = new Set(bad.map((m) => m.malformed?.split(":")[0]));
    for (const r of ["invalid JSON", "wrong type", "missing field"]) expect(reasons).toContain(r);
  });
});
