import { nsToMillis } from "@/lib/protocol/primitives";
import type { PolicyChange } from "@/lib/contract/policies";
import { Time } from "../ui/time-zone";

function what(c: PolicyChange): string {
  if (c.action === "upsert") {
    const scope = [c.capability, c.tenant ? `tenant ${c.tenant}` : "every tenant", `priority ${c.priority ?? 0}`].filter(Boolean).join(", ");
    return `${c.policyId ?? "?"} v${c.version ?? "?"} (${scope}) → ${c.entrypoint ?? "?"}`;
  }
  if (c.action === "remove") return c.policyId ?? "?";
  if (c.action === "reset") return c.capability ? `every policy of ${c.capability}` : "every policy, of every capability";
  return "";
}

/**
 * The policy change log: every `PolicyUpdate` the control plane published on
 * `smith.policies.updates` (upsert / remove / reset), newest first; executors apply them
 * in this order.
 */
export function PolicyChangesTable({ items }: { items: readonly PolicyChange[] }) {
  if (items.length === 0) return <p className="text-sm text-zinc-500">No policy change seen on smith.policies.updates.</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Policy changes, newest first</caption>
      <thead className="text-xs uppercase text-zinc-500">
        <tr>
          <th scope="col">When</th>
          <th scope="col">Change</th>
          <th scope="col">Policy</th>
          <th scope="col">Stream</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
            <td className="py-1.5 text-xs">{c.publishedNs ? <Time ms={nsToMillis(BigInt(c.publishedNs))} /> : "—"}</td>
            <td className={c.action === "reset" ? "font-medium text-amber-700 dark:text-amber-400" : ""}>{c.action}</td>
            <td className="break-all font-mono text-xs">
              <details>
                <summary>{what(c)}</summary>
                <pre className="whitespace-pre-wrap">{c.raw}</pre>
              </details>
            </td>
            <td className="text-xs tabular-nums">{`${c.stream} #${c.seq}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
