import { z } from "zod";
import type { AuditEventItem } from "@/lib/contract/audit";
import type { IntentDetail } from "@/lib/contract/intents";
import { Badge } from "../../ui/badge";
import { Facts, Gap, Section } from "../../ui/facts";
import { JsonBlock } from "../../ui/json-block";
import { EXECUTION_LOOKS, lookFor } from "../../ui/status-looks";
import { Time } from "../../ui/time-zone";

const num = z.union([z.number(), z.string()]);
const contextSchema = z.looseObject({
  user_ns: num.nullish(),
  mount_ns: num.nullish(),
  pid_ns: num.nullish(),
  net_ns: num.nullish(),
  allowlist_hits: z
    .array(z.looseObject({ resource_type: z.string(), resource_id: z.string(), operation: z.string(), timestamp_ns: num }))
    .nullish(),
});
const usageSchema = z.record(z.string(), num);

function AuditEvent({ e }: { e: AuditEventItem }) {
  const ctx = contextSchema.safeParse(e.securityContext);
  const usage = usageSchema.safeParse(e.resourceUsage);
  const ns = ctx.success ? ["user_ns", "mount_ns", "pid_ns", "net_ns"].map((k) => `${k.replace("_ns", "")} ${String(ctx.data[k] ?? "—")}`).join(" · ") : "—";
  const hits = ctx.success ? (ctx.data.allowlist_hits ?? []) : [];
  return (
    <article aria-label={`Audit event ${e.channel}`} className="flex flex-col gap-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="flex items-center gap-2 text-sm">
        <span className="font-medium capitalize">{e.channel}</span>
        <Badge look={lookFor(EXECUTION_LOOKS, e.resultStatus)} />
        <span className="text-zinc-500"><Time ms={e.tsMs} /></span>
      </div>
      <Facts
        items={[
          ["Executor", e.executorId],
          ["Sandbox mode", e.sandboxMode],
          ["Namespaces", ns],
          ["cgroup", <span key="c" className="font-mono text-xs">{e.cgroupPath ?? "—"}</span>],
          ["Landlock", e.landlock ? "enabled" : "disabled"],
          ["seccomp", e.seccomp ? "enabled" : "disabled"],
        ]}
      />
      {hits.length > 0 ? (
        <table className="w-full text-left text-xs">
          <caption className="text-left font-medium">Allowlist hits</caption>
          <thead className="uppercase text-zinc-500">
            <tr><th scope="col">Resource type</th><th scope="col">Resource</th><th scope="col">Operation</th></tr>
          </thead>
          <tbody>
            {hits.map((h, i) => (
              <tr key={i} className="border-t border-zinc-100 dark:border-zinc-900">
                <td>{h.resource_type}</td>
                <td className="font-mono">{h.resource_id}</td>
                <td>{h.operation}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {usage.success ? (
        <Facts items={Object.entries(usage.data).map(([k, v]) => [k.replaceAll("_", " "), String(v)])} />
      ) : e.resourceUsage ? (
        <JsonBlock value={e.resourceUsage} label="Resource usage" filename="resource-usage.json" />
      ) : null}
    </article>
  );
}

export function AuditSection({ detail }: { detail: IntentDetail }) {
  return (
    <Section title="Audit events">
      {detail.auditRedacted ? (
        <Gap>The audit trail is visible to auditors; your role is viewer.</Gap>
      ) : detail.auditEvents.length === 0 ? (
        <Gap>No audit event yet.</Gap>
      ) : (
        detail.auditEvents.map((e) => <AuditEvent key={e.id} e={e} />)
      )}
    </Section>
  );
}
