import { SectionPage } from "@/components/sections/section-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit" };

export default function Page() {
  return (
    <SectionPage
      title="Audit"
      description="Policy decisions and execution audit events: search, count, export."
      streams={["AUDIT_SECURITY"]}
      pending="Audit search, counts and export come with the history index. Until then the counts below show audit events arriving."
    />
  );
}
