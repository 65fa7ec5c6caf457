import { describe, expect, it } from "vitest";
import type { AuditEventItem, AuditList } from "@/lib/contract/audit";
import { mergeAuditHead } from "./audit-head-merge";

function ev(id: number, tsMs: number): AuditEventItem {
  return {
    id, intentId: `i-${id}`, capability: "fs.read.v1", domain: "d", signer: "s", signatureState: "verified",
    channel: "policy", securityType: null, executorId: "x", resultStatus: "ok", status: "ok", decision: "allow",
    timestampNs: `${tsMs}000000`, tsMs, sandboxMode: "full", cgroupPath: null, landlock: true, seccomp: true,
    decisions: [], resourceUsage: null, securityContext: null, stream: "AUDIT_SECURITY", seq: id,
  };
}
const facets = { executor: [], status: [], decision: [], rule: [], sandbox: [], capability: [], domain: [] };
const page = (items: AuditEventItem[], nextCursor: string | null, total = items.length): AuditList => ({ items, nextCursor, seq: { AUDIT_SECURITY: 1 }, total, facets });

describe("mergeAuditHead", () => {
  it("adds newer events on top and late ones in their place, keeping the loaded cursor", () => {
    const loaded = page([ev(5, 500), ev(3, 300), ev(1, 100)], "c1", 10);
    const fresh = page([ev(7, 700), ev(6, 600), ev(5, 500), ev(4, 350), ev(3, 300), ev(2, 50)], "c2", 13);
    const m = mergeAuditHead(loaded, fresh);
    expect(m.kind).toBe("merged");
    if (m.kind !== "merged") return;
    // Event 2 sorts below the loaded page's last row: the next page will bring it.
    expect(m.first.items.map((e) => e.id)).toEqual([7, 6, 5, 4, 3, 1]);
    expect(m.added).toBe(2);
    expect(m.first.nextCursor).toBe("c1");
    expect(m.first.total).toBe(13);
  });

  it("reports a gap when the fresh head does not reach the loaded rows", () => {
    expect(mergeAuditHead(page([ev(1, 100)], null), page([ev(9, 900), ev(8, 800)], "c")).kind).toBe("gap");
  });

  it("takes the whole fresh page into an empty list", () => {
    const m = mergeAuditHead(page([], null), page([ev(2, 200), ev(1, 100)], "c"));
    expect(m.kind === "merged" && m.first.items.length).toBe(2);
  });
});
