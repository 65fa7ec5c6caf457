import { afterEach, describe, expect, it } from "vitest";
import { parseLossless } from "@/lib/protocol/json";
import type { DemoMessage } from "@/lib/testing/demo/types";
import { toFtsQuery } from "@/lib/api/fts-match";
import { demo, StreamSequencer, tempStore, type TempStore } from "@/lib/testing/store-fixtures";

const messages = demo(3000).filter((m) => !m.malformed);

/** The four messages of one intent's life, found by a predicate on its result. */
function flow(pick: (result: Record<string, unknown>) => boolean): DemoMessage[] {
  for (const m of messages) {
    if (!m.subject.startsWith("smith.results.")) continue;
    const result = parseLossless(m.payload);
    if (result === null || typeof result !== "object" || !pick({ ...result })) continue;
    const id = m.subject.slice("smith.results.".length);
    const parts = messages.filter(
      (x) =>
        x.subject.endsWith(`.${id}`) ||
        (x.subject.startsWith("smith.intents.") && x.payload.includes(`"id":"${id}"`)),
    );
    if (parts.length === 4) return parts;
  }
  throw new Error("no such flow in the demo");
}

const errorFlow = flow((r) => r.status === "error" && r.error !== null);
const deniedFlow = flow((r) => r.status === "denied");
const idOf = (parts: DemoMessage[]) =>
  (parts.find((m) => m.subject.startsWith("smith.results."))?.subject ?? "").slice(14);

const ORDERS = [
  [0, 1, 2, 3],
  [3, 2, 1, 0],
  [2, 0, 3, 1],
  [1, 3, 0, 2],
];

let open: TempStore[] = [];
afterEach(() => {
  for (const t of open) t.cleanup();
  open = [];
});

/** Applies the messages in the given order, one batch each, into a fresh store. */
function applied(parts: DemoMessage[], order: number[]): TempStore {
  const t = tempStore();
  open.push(t);
  const seq = new StreamSequencer();
  const records = parts.map((m) => seq.record(m));
  for (const i of order) {
    const r = records[i];
    if (r) t.store.applyBatch([r]);
  }
  return t;
}

/** The detail without what legitimately depends on arrival order. */
function stable(t: TempStore, id: string) {
  const d = t.store.getIntent(id);
  if (!d) return null;
  return {
    ...d,
    seq: null,
    auditEvents: d.auditEvents.map((e) => ({ ...e, id: 0 })),
  };
}

describe("links between intent, result, audit and graph", () => {
  it.each([
    ["an error", errorFlow],
    ["a denial", deniedFlow],
  ])("resolve %s the same whatever the arrival order", (_name, parts) => {
    const id = idOf(parts);
    const reference = stable(applied(parts, [0, 1, 2, 3]), id);
    expect(reference?.intent?.id).toBe(id);
    expect(reference?.result).not.toBeNull();
    expect(reference?.auditEvents).toHaveLength(2);
    expect(reference?.policyDecisions.length).toBeGreaterThan(0);
    for (const order of ORDERS.slice(1))
      expect(stable(applied(parts, order), id)).toEqual(reference);
  });

  it("puts the result's status, the admission decision and the executor on the intent row", () => {
    for (const order of ORDERS) {
      const id = idOf(deniedFlow);
      const t = applied(deniedFlow, order);
      const [item] = t.store.listIntents({ limit: 10 }).items;
      expect(item).toMatchObject({
        id,
        status: "denied",
        decision: "deny",
        errorCode: "POLICY_DENIED",
      });
      expect(item?.executorId).toMatch(/^exec-/);
      expect(t.store.listIntents({ limit: 10, status: "denied" }).items).toHaveLength(1);
      expect(t.store.listIntents({ limit: 10, status: "pending" }).items).toHaveLength(0);
      const d = t.store.getIntent(id);
      expect(d?.ttl.state).toBe("not-run");
    }
  });

  it("finds the audit events and the intent by the error message, whichever came first", () => {
    const id = idOf(errorFlow);
    const result = errorFlow.find((m) => m.subject.startsWith("smith.results."));
    const message = /"message":"([^"]+)"/.exec(result?.payload ?? "")?.[1] ?? "";
    const word = message.split(/\W+/).find((w) => w.length > 4) ?? "";
    const match = toFtsQuery(word) ?? "";
    expect(match).not.toBe("");
    for (const order of ORDERS) {
      const t = applied(errorFlow, order);
      const audit = t.store.searchAudit({ limit: 10, match });
      expect(audit.items.map((e) => e.intentId)).toEqual([id, id]);
      expect(audit.total).toBe(2);
      expect(t.store.listIntents({ limit: 10, match }).items.map((i) => i.id)).toEqual([id]);
    }
  });

  it("finds audit events by their intent's params even when the intent came last", () => {
    const id = idOf(errorFlow);
    const intent = errorFlow.find((m) => m.subject.startsWith("smith.intents."));
    // The first param's value: a path, a URL, a command, a database, a benchmark name.
    const value = /"params":\{"\w+":"([^"]+)"/.exec(intent?.payload ?? "")?.[1] ?? "";
    const match = toFtsQuery(value) ?? "";
    expect(match).not.toBe("");
    const t = applied(errorFlow, [3, 2, 1, 0]);
    expect(t.store.searchAudit({ limit: 10, match }).items.map((e) => e.intentId)).toContain(id);
  });

  it("answers null for an id nothing is known about, and the parts for one only partly known", () => {
    const t = applied(errorFlow, [2]);
    expect(t.store.getIntent("01972aba-0000-7000-8000-000000000000")).toBeNull();
    const partial = t.store.getIntent(idOf(errorFlow));
    expect(partial?.intent).toBeNull();
    expect(partial?.result?.status).toBe("error");
    expect(partial?.ttl.state).toBe("unknown");
  });
});
