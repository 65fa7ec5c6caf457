import { SectionPage } from "@/components/sections/section-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "Quarantine" };

export default function Page() {
  return (
    <SectionPage
      title="Quarantine"
      description="Messages that broke the protocol, with the reason and the raw bytes."
      streams={["SDLC_QUARANTINE_BACKPRESSURE"]}
      pending="Pilot's own quarantine fills when ingest validates messages, which is not built yet. Below: the platform's own quarantine stream."
    />
  );
}
