import { NextResponse } from "next/server";
import { getConfig } from "@/lib/config";
import type { LiveCredentials } from "@/lib/live/credentials-schema";
import { withRole } from "@/lib/auth/server-auth";
import { liveSources } from "@/lib/nats/live-sources";

export const dynamic = "force-dynamic";

/** The read-only `viewer` user: subscribe and ordered consumers, no publish. */
export const GET = withRole("viewer", async (_request: Request) => {
  const { nats, users, trustedSigners } = getConfig();
  const body: LiveCredentials = {
    servers: nats.wsServers,
    user: users.viewer.user,
    pass: users.viewer.pass,
    trustedSigners,
    sources: await liveSources(),
  };
  return NextResponse.json(body, { headers: { "cache-control": "no-store" } });
});
