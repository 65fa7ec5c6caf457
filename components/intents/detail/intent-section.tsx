import type { IntentDetail } from "@/lib/contract/intents";
import { Facts, Gap, Section } from "../../ui/facts";
import { JsonBlock } from "../../ui/json-block";
import { Time } from "../../ui/time-zone";
import { OrphanNotice, useNoResult } from "./custody-notes";

const TTL_TEXT: Record<IntentDetail["ttl"]["state"], string> = {
  "ran-in-time": "ran before it expired",
  "expired-before-run": "EXPIRED before it ran",
  "not-run": "did not run",
  awaiting: "not run yet, still valid",
  "expired-unanswered": "expired, no result yet (within the grace period)",
  "no-result": "expired, no result: rejected at admission or lost",
  unknown: "unknown",
};

export function IntentSection({ detail }: { detail: IntentDetail }) {
  const intent = detail.intent;
  const noResult = useNoResult(detail);
  if (!intent)
    return (
      <Section title="Intent">
        <Gap>No intent received with this id (yet): the result or audit trail arrived first.</Gap>
        {detail.result ? <OrphanNotice /> : null}
      </Section>
    );
  const late = detail.ttl.lateByMs;
  const ttlState = noResult ? "no-result" : detail.ttl.state;
  return (
    <Section title="Intent">
      <Facts
        items={[
          ["Id", <span key="id" className="font-mono">{intent.id}</span>],
          ["Capability", <span key="c" className="font-mono">{intent.capability}</span>],
          ["Domain", intent.domain],
          ["Signer", <span key="s" className="font-mono">{intent.signer || "—"}</span>],
          ["Nonce", <span key="n" className="font-mono">{intent.nonce}</span>],
          ["Created", <Time key="t" ms={intent.createdMs} />],
          ["Created (ns)", <span key="ns" className="font-mono">{intent.createdAtNs}</span>],
          [
            "TTL",
            `${intent.ttlMs} ms — ${TTL_TEXT[ttlState]}${late !== null && late > 0 ? ` (started ${late.toFixed(1)} ms after expiry)` : ""}`,
          ],
          ["Stream", `${intent.stream} #${intent.seq}`],
        ]}
      />
      <JsonBlock value={intent.params} label="Params" filename={`${intent.id}-params.json`} />
      <JsonBlock value={intent.metadata} label="Metadata" filename={`${intent.id}-metadata.json`} />
    </Section>
  );
}
