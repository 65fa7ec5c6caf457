import { NextResponse } from "next/server";
import { mutating } from "@/lib/auth/mutating";
import { withRole } from "@/lib/auth/server-auth";
import { consumerRequestSchema } from "@/lib/live/credentials-schema";
import { createBrowserConsumer } from "@/lib/nats/browser-consumers";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

/** Creates one of the tab's consumers, on a stream and filter its role may read. */
export const POST = mutating(
  withRole("viewer", async (request: Request, _context: unknown, user) => {
    const body = consumerRequestSchema.safeParse(await request.json().catch(() => null));
    if (!body.success)
      return NextResponse.json(
        { error: body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") },
        { status: 400, headers: noStore },
      );
    const out = await createBrowserConsumer(user, body.data);
    if (!out.ok)
      return NextResponse.json({ error: out.error }, { status: out.status, headers: noStore });
    return NextResponse.json({ name: out.name }, { headers: noStore });
  }),
);
