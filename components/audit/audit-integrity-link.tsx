"use client";

import { useQueryStates } from "nuqs";
import { auditFilterParsers } from "@/lib/queries/audit-filters";
import { IntegrityLink } from "./integrity/integrity-link";

/** The header's link to the integrity view, carrying the range the Audit view shows now. */
export function AuditIntegrityLink() {
  const [{ range, from, to }] = useQueryStates(auditFilterParsers);
  return <IntegrityLink range={range} from={from} to={to} />;
}
