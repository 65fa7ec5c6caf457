import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { markPeerStamping, stampPeer } from "../lib/auth/socket-peer.ts";

/**
 * `npm start`: the production build served by Next.js inside Pilot's own HTTP server, so
 * that every request carries the address of the socket it came on (`lib/auth/socket-peer.ts`);
 * `next start` would let a client choose its own address. Options as `next start`:
 * `-p/--port` (else PORT, else 3000) and `-H/--hostname` (else every interface).
 */
const { values } = parseArgs({ options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`not a port: ${values.port ?? process.env.PORT}`);
// As `next start` does; Next.js's own types make NODE_ENV read-only.
Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? "production" });
markPeerStamping();

// After NODE_ENV is set: Next.js reads it while it loads.
const { default: next } = await import("next");
const app = next({ dev: false, dir: process.cwd(), hostname: values.hostname ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  stampPeer(req);
  handle(req, res).catch((err: unknown) => {
    console.error(err);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
server.listen(port, values.hostname, () => console.log(`› Pilot listening on http://${values.hostname ?? "localhost"}:${port}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(0));
  });
}
