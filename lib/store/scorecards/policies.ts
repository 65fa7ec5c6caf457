import "server-only";
import type { PolicyChanges } from "@/lib/contract/policies";
import type { ReadContext } from "../core/read-context";

interface Row {
  id: number;
  action: string;
  policy_id: string | null;
  capability: string | null;
  version: string | null;
  tenant: string | null;
  priority: number | null;
  entrypoint: string | null;
  published_ns: string | null;
  raw: string;
  stream: string;
  seq: number;
}

/** The policy change log, newest first (ids follow stream order: executors apply in order). */
export function policyChanges(ctx: ReadContext, limit: number): PolicyChanges {
  return ctx.snapshot(() => ({
    items: ctx
      .stmt<Row>("SELECT * FROM policy_updates ORDER BY id DESC LIMIT ?")
      .all(limit)
      .map((r) => ({
        id: r.id,
        action: r.action,
        policyId: r.policy_id,
        capability: r.capability,
        version: r.version,
        tenant: r.tenant,
        priority: r.priority,
        entrypoint: r.entrypoint,
        publishedNs: r.published_ns,
        raw: r.raw,
        stream: r.stream,
        seq: r.seq,
      })),
    seq: ctx.seqs(),
  }));
}
