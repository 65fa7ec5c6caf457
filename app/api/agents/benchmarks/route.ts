import { handleBenchmarks } from "@/lib/store/api/agents";
import { getStore } from "@/lib/store/server-store";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleBenchmarks(getStore, new URL(request.url));
}
