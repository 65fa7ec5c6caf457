import { accessLogExport, accessLogPage, accessLogParams } from "@/lib/auth/admin-api";
import { headers } from "next/headers";
import { clientAddress, getAuth, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

/** `GET /api/admin/access-log?user=&action=&q=&from=&to=&before=&limit=&format=json|csv|jsonl` */
export const GET = withRole("admin", async (request: Request, _context: unknown, user) => {
  const url = new URL(request.url);
  const p = accessLogParams.safeParse(Object.fromEntries(url.searchParams));
  if (!p.success) {
    const issue = p.error.issues[0];
    return Response.json({ error: `${String(issue?.path[0] ?? "query")}: ${issue?.message}`, param: String(issue?.path[0] ?? "") }, { status: 400 });
  }
  const auth = await getAuth();
  if (p.data.format === "json") return accessLogPage(auth, p.data);
  const query = Object.fromEntries([...url.searchParams].filter(([k]) => k !== "format"));
  // Logged when the last row is sent, which is after this request's scope: the address is read now.
  const address = clientAddress(await headers());
  return accessLogExport(auth, p.data, (rows) =>
    auth.log({ username: user.username, address, action: "export access log", target: p.data.format, detail: { query, rows } }),
  );
});
