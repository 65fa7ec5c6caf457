"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { intentDetailQuery } from "@/lib/queries/intent-detail";
import { Gap, Section } from "../../ui/facts";
import { Notice } from "../../ui/notice";
import { AuditSection } from "./audit-section";
import { CopiesSection } from "./copies-section";
import { ExecutionSection } from "./execution-section";
import { IntentSection } from "./intent-section";
import { PolicySection } from "./policy-section";
import { SignatureSection } from "./signature-section";
import { useLiveDetail } from "./use-live-detail";

/** The chain of custody, in the order it happened. */
export function IntentDetailView({ id }: { id: string }) {
  const { data, error, isPending } = useQuery(intentDetailQuery(id));
  const { waiting } = useLiveDetail(id, data);
  const router = useRouter();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target;
      if (e.key === "Escape" && !(t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement)) router.push("/intents");
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router]);

  if (isPending) return <p role="status">Loading the intent…</p>;
  if (!data) {
    const missing = error?.message.includes("404") ?? false;
    return (
      <Notice tone={missing ? "warn" : "error"} title={missing ? `No intent, result or audit event with id ${id}` : "Could not load this intent"}>
        {missing ? "It may not have arrived yet, or the id is wrong." : error?.message}
      </Notice>
    );
  }
  return (
    <div className="flex max-w-5xl flex-col gap-8">
      {waiting ? <p role="status" className="text-xs text-zinc-500">New events for this intent arrived; updating…</p> : null}
      <IntentSection detail={data} />
      <SignatureSection detail={data} />
      <CopiesSection detail={data} />
      <PolicySection detail={data} />
      <ExecutionSection detail={data} />
      <AuditSection detail={data} />
      <Section title="DAG">
        {data.graphNodes.length === 0 ? (
          <Gap>No DAG node ran this intent.</Gap>
        ) : (
          <ul className="text-sm">
            {data.graphNodes.map((n) => (
              <li key={`${n.sessionId}/${n.nodeId}`}>
                <Link className="underline" href={`/sessions/${encodeURIComponent(n.sessionId)}?node=${encodeURIComponent(n.nodeId)}`}>
                  {n.label} ({n.nodeType}) in session {n.sessionId.slice(0, 8)}
                </Link>
                {n.status ? ` — ${n.status}` : ""}
                {n.present ? "" : " (removed from the graph)"}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
