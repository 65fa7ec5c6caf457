import { request as httpRequest } from "node:http";

/**
 * A JSON POST to the app from another loopback address (127.0.0.0/8 is all this machine's):
 * the app sees a different client address without trusting any header for it.
 */
export function postFrom(baseUrl: string, path: string, body: unknown, from: string): Promise<{ status: number; retryAfter: string | null; ms: number }> {
  const url = new URL(path, baseUrl);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", localAddress: from, agent: false, headers: { "content-type": "application/json" } },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] ?? null, ms: Date.now() - started }));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}
