import { NextResponse } from "next/server";
import { readHealth } from "@/lib/nats/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await readHealth();
  return NextResponse.json(health, {
    status: health.nats.connected ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
