import { SectionPage } from "@/components/sections/section-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "Intents" };

export default function Page() {
  return (
    <SectionPage
      title="Intents"
      description="Every intent the agents signed, what policy said about it, and how it ran."
      streams={["ATOMS_VETTED", "ATOMS_RESULTS"]}
      pending="The live intents table and each intent's chain of custody come with the history index. Until then the counts below show intents and results arriving."
    />
  );
}
