"use client";

import { useMemo } from "react";
import { verifyIntentSignature } from "@/lib/protocol/signature";
import type { IntentDetail } from "@/lib/contract/intents";
import { useLiveConnection, useLiveStatus } from "../../live/live-provider";
import { Badge } from "../../ui/badge";
import { Gap, Section } from "../../ui/facts";
import { lookFor, SIGNATURE_LOOKS } from "../../ui/status-looks";

/** The verdict computed again here, in the browser, from the exact bytes received. */
export function SignatureSection({ detail }: { detail: IntentDetail }) {
  const live = useLiveConnection();
  const { status } = useLiveStatus();
  const raw = detail.intent?.raw ?? null;
  const trusted = status === "connected" ? live.trustedSigners() : null;
  const verdict = useMemo(() => (raw === null || trusted === null ? null : verifyIntentSignature(raw, { trustedSigners: trusted })), [raw, trusted]);
  if (raw === null) return <Section title="Signature"><Gap>No intent, so no signature to check.</Gap></Section>;
  const shown = verdict ?? detail.signature;
  if (!shown) return <Section title="Signature"><Gap>Checking…</Gap></Section>;
  const disagree = verdict && detail.signature && verdict.state !== detail.signature.state;
  return (
    <Section title="Signature">
      <div className="flex items-center gap-3 text-sm">
        <Badge look={lookFor(SIGNATURE_LOOKS, shown.state)} />
        <span>{shown.reason}</span>
      </div>
      <p className="text-xs text-zinc-500">
        {verdict ? "Verified in this browser from the exact bytes received (Ed25519 over canonical JSON)." : "The server's verdict; the browser check runs once live credentials arrive."}{" "}
        {shown.trustListConfigured ? "" : "No trust list is set: any valid signature counts as verified."}
      </p>
      {disagree ? <p role="alert" className="text-sm text-red-700">The server judged this signature “{detail.signature?.state}”.</p> : null}
    </Section>
  );
}
