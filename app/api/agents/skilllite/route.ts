import { handleSkillLite } from "@/lib/store/api/agents";
import { getStore } from "@/lib/store/server-store";

export const dynamic = "force-dynamic";

export function GET() {
  return handleSkillLite(getStore);
}
