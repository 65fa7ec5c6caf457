import { SectionPage } from "@/components/sections/section-page";
import { requirePageUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit" };

export default async function Page() {
  await requirePageUser("auditor", "/audit");
  return (
    <SectionPage
      title="Audit"
      description="Policy decisions and execution audit events: search, count, export."
      streams={["AUDIT_SECURITY"]}
      pending="The audit search view is not built yet; the index already answers it at /api/audit (filters, full text, facets). The counts below show audit events arriving."
    />
  );
}
