import { connect as tcpConnect } from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestNats, type TestNats } from "../ingest/test-nats";

/** Whether a TCP connection to host:port is accepted. */
function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port, timeout: 3000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** This machine's first address that is not loopback: where another machine would reach it. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === "IPv4")?.address;

// Issue 18 row 15: monitoring (/varz, /connz, /jsz) has no authentication; a server whose
// clients listen on every interface must still keep it on loopback.
describe.skipIf(!outside)("nats-server's monitoring as Pilot launches it", () => {
  let nats: TestNats;
  beforeAll(async () => {
    nats = await startTestNats({ PILOT_NATS_HOST: "0.0.0.0" });
  }, 60_000);
  afterAll(async () => nats?.stop());

  it("listens on loopback only, even when the client port is open on every interface", async () => {
    const host = outside ?? "";
    expect(await reachable(host, nats.settings.nats.port)).toBe(true);
    expect(await reachable(host, nats.settings.nats.httpPort)).toBe(false);
    const res = await fetch(`http://127.0.0.1:${nats.settings.nats.httpPort}/healthz`);
    expect(res.ok).toBe(true);
  });
});
