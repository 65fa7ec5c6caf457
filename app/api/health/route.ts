import { NextResponse } from "next/server";
import { readHealth } from "@/lib/api/health";
import { withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

export const GET = withRole("viewer", async (_request: Request) => {
  const health = await readHealth();
  return NextResponse.json(health, {
    status: health.nats.connected ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});
