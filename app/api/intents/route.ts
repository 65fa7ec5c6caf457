import { handleIntentList } from "@/lib/store/api/intents";
import { getStore } from "@/lib/store/server-store";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleIntentList(getStore, new URL(request.url));
}
