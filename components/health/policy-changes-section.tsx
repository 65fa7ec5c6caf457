"use client";

import { useQuery } from "@tanstack/react-query";
import { policyChangesQuery } from "@/lib/queries/health";
import { Notice } from "../ui/notice";
import { PolicyChangesTable } from "./policy-changes";

export function PolicyChangesSection() {
  const { data, error, isPending } = useQuery(policyChangesQuery);
  return (
    <section aria-labelledby="policies-h">
      <h2 id="policies-h" className="mb-2 font-medium">Policy changes</h2>
      {isPending ? <p role="status">Reading policy changes…</p> : data ? <PolicyChangesTable items={data.items} /> : <Notice tone="error" title="Could not read policy changes">{error?.message}</Notice>}
    </section>
  );
}
