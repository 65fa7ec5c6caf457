import { handleSkillLite } from "@/lib/api/agents";
import { getStore } from "@/lib/store/server-store";
import { withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

export const GET = withRole("viewer", (_request: Request) => {
  return handleSkillLite(getStore);
});
