import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { demoMessages } from "./generator";
import { publishDemo } from "./publisher";

// Against a real nats-server when one is installed (the e2e setup needs it anyway).
const hasServer = spawnSync("nats-server", ["--version"], { stdio: "ignore" }).status === 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

async function connectWhenUp(url: string): Promise<NatsConnection> {
  for (let i = 0; ; i++) {
    try {
      return await connect({ servers: url, reconnect: false });
    } catch (error) {
      if (i > 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe.skipIf(!hasServer)("publishDemo against nats-server", () => {
  let server: ChildProcess;
  let nc: NatsConnection;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "pilot-demo-"));
    const port = await freePort();
    server = spawn("nats-server", ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", dir], {
      stdio: "ignore",
    });
    nc = await connectWhenUp(`nats://127.0.0.1:${port}`);
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "DEMO_INTENTS", subjects: ["smith.intents.vetted.>"] });
    await jsm.streams.add({ name: "DEMO_RESULTS", subjects: ["smith.results.>"] });
  });

  afterAll(async () => {
    await nc?.close();
    // The server may still be flushing its store: wait for it to exit before removing it.
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill();
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it("gets a stream ack where a stream captures the subject, core-publishes elsewhere", async () => {
    const messages = demoMessages({ seed: 5 }, 300);
    const captured = messages.filter((m) =>
      /^smith\.(intents\.vetted|results)\./.test(m.subject),
    ).length;
    const stats = await publishDemo({
      nc,
      messages,
      burst: true,
      signal: new AbortController().signal,
    });
    expect(stats).toMatchObject({
      published: 300,
      acked: captured,
      noStream: 300 - captured,
      errors: 0,
    });

    const jsm = await jetstreamManager(nc);
    const first = messages.find((m) => m.subject.startsWith("smith.intents.vetted."));
    const stored = await jsm.streams.getMessage("DEMO_INTENTS", { seq: 1 });
    expect(stored?.subject).toBe(first?.subject);
    expect(stored?.string()).toBe(first?.payload);
    expect(stored?.header.get("capability-digest")).toBe(first?.headers?.["capability-digest"]);
  });

  it("stops at the count and when aborted", async () => {
    const abort = new AbortController();
    const counted = await publishDemo({
      nc,
      messages: demoMessages({ seed: 6 }, 500),
      burst: true,
      count: 40,
      signal: abort.signal,
    });
    expect(counted.published).toBe(40);
    abort.abort();
    const aborted = await publishDemo({
      nc,
      messages: demoMessages({ seed: 6 }, 50),
      burst: true,
      signal: abort.signal,
    });
    expect(aborted.published).toBe(0);
  });
});
