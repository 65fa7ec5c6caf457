import { apiRoutes } from "./support/routes";
import { expect, test } from "./support/test";

/** Every query parameter name any route reads, and values that have broken parsers before. */
const PARAMS = [
  "q", "limit", "cursor", "from", "to", "range", "seq", "after", "until", "before", "pilot", "model", "bucket", "figure",
  "state", "sort", "dir", "shape", "applied", "empty", "structured", "end", "format", "view", "a", "b", "capability",
  "domain", "status", "signature", "signer", "executor", "decision", "rule", "sandbox", "channel", "intent", "kind",
  "reason", "stream", "user", "action", "id", "buckets",
];
const VALUES = ["", "-1", "0", "1e400", "9007199254740993", "NaN", "%00", "\u0000", "'; DROP TABLE intents;--", "<script>alert(1)</script>", "a".repeat(5000), "[]", "{}", "../../etc/passwd", "１２３", "true", "x\r\nSet-Cookie: a=b"];
const BODIES = ["", "null", "[]", "{", '{"__proto__":{"admin":true}}', `${"[".repeat(10000)}${"]".repeat(10000)}`, JSON.stringify({ username: "a".repeat(100000), password: 1, role: {} }), '{"role":"root","disabled":"yes"}'];

test("every API route answers hostile parameters and bodies with 4xx, never 5xx", async ({ request }) => {
  test.setTimeout(300_000);
  let sent = 0;
  const failures: string[] = [];
  const check = async (method: string, url: string, data?: string) => {
    const res = await request.fetch(url, { method, data, headers: data === undefined ? undefined : { "content-type": "application/json" }, maxRedirects: 0 });
    sent++;
    if (res.status() >= 500) failures.push(`${method} ${url.slice(0, 200)} → ${res.status()} ${(await res.text()).slice(0, 200)}`);
  };
  for (const { url, methods } of apiRoutes()) {
    if (url === "/api/auth/signout") continue;
    for (const method of methods) {
      const paths = url.includes("/x") ? VALUES.slice(0, 8).map((v) => url.replaceAll("/x", `/${encodeURIComponent(v || "_")}`)) : [url];
      for (const path of paths) await check(method, path);
      for (const v of VALUES) await check(method, `${url}?${PARAMS.map((p) => `${p}=${encodeURIComponent(v)}`).join("&")}`);
      // Bytes that are not UTF-8 and broken escapes, sent as they are.
      for (const raw of ["%ED%A0%80", "%FF%FE", "%", "%zz"]) await check(method, `${url}?${PARAMS.map((p) => `${p}=${raw}`).join("&")}`);
      for (const p of PARAMS) await check(method, `${url}?${p}=${encodeURIComponent("\u0000'\"<x>")}&${p}=2`);
      if (method !== "GET") for (const body of BODIES) await check(method, url, body);
    }
  }
  console.log(`api fuzz: ${sent} requests, ${failures.length} server errors`);
  expect(failures).toEqual([]);
  expect(sent).toBeGreaterThan(1000);
});
