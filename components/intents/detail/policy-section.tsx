import type { IntentDetail } from "@/lib/contract/intents";
import { Badge } from "../../ui/badge";
import { Gap, Section } from "../../ui/facts";
import { DECISION_LOOKS, lookFor } from "../../ui/status-looks";

export function PolicySection({ detail }: { detail: IntentDetail }) {
  const rows = detail.policyDecisions;
  return (
    <Section title="Policy decisions">
      {rows.length === 0 ? (
        <Gap>No policy decision recorded yet.</Gap>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Policy decisions</caption>
          <thead className="text-xs uppercase text-zinc-500">
            <tr>
              <th scope="col" className="py-1 pr-4">Rule</th>
              <th scope="col" className="py-1 pr-4">Decision</th>
              <th scope="col" className="py-1">Reason</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d, i) => (
              <tr key={`${d.ruleName}-${i}`} className="border-t border-zinc-100 dark:border-zinc-900">
                <td className="py-1 pr-4 font-mono text-xs">{d.ruleName}</td>
                <td className="py-1 pr-4"><Badge look={lookFor(DECISION_LOOKS, d.decision)} /></td>
                <td className="py-1">{d.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
