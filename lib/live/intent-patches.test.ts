import { describe, expect, it } from "vitest";
import { keys, makeIntent, makeResult, makeRunnerEndResult } from "@/e2e/support/intents";
import { decodeMessage, type IntentResult } from "@/lib/protocol";
import type { IntentFilters } from "@/lib/queries/intent-filters";
import { decodeLiveIntent } from "./decode-live-intent";
import { intentRow, rowMatches, withResult } from "./intent-patches";

const NO_FILTERS: IntentFilters = { capability: null, domain: null, status: null, signature: null, q: null, range: null, from: null, to: null };

function liveRow() {
  const intent = makeIntent({ key: keys.trusted[0] });
  const decoded = decodeLiveIntent("smith.intents.vetted.fs.read.v1", new TextEncoder().encode(intent.text));
  if (!decoded.ok) throw new Error("the test intent must decode");
  return intentRow(decoded.intent, decoded.raw, "vetted", "ATOMS_VETTED", 1);
}

function result(subjectId: string, text: string): IntentResult {
  const d = decodeMessage(`smith.results.${subjectId}`, text);
  if (!d.ok || d.kind !== "intent-result") throw new Error("the test result must decode");
  return d.value;
}

describe("a live result patch", () => {
  it("files a runner timeout reported as error / EXECUTION_OTHER as timeout, keeping what it said", () => {
    const row = liveRow();
    const patched = withResult(row, result(row.id, makeRunnerEndResult(row.id, "Timeout")));
    expect(patched).toMatchObject({ status: "timeout", resultStatus: "error", errorCode: "EXECUTION_OTHER" });
    expect(withResult(row, result(row.id, makeResult(row.id))).status).toBe("ok");
  });
});

describe("a live row", () => {
  it("is a first copy: never in a view of conflicting copies", () => {
    const row = liveRow();
    expect(row.conflictingCopies).toBe(0);
    expect(rowMatches(row, NO_FILTERS)).toBe(true);
    expect(rowMatches(row, { ...NO_FILTERS, copies: "conflicting" })).toBe(false);
  });
});
