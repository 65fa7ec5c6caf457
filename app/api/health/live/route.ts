export const dynamic = "force-dynamic";

/** `GET /api/health/live`: the process answers (for load balancers and probes). No data, no sign-in. */
export function GET() {
  return new Response("ok\n", { headers: { "content-type": "text/plain", "cache-control": "no-store" } });
}
