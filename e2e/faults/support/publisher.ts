import { spawn, type ChildProcess } from "node:child_process";
import type { PilotSettings } from "../../../lib/env";
import { natsAuthEnv } from "../../../lib/nats/auth/connect-auth";

/** The demo publisher as its own process (it reconnects by itself when NATS goes away). */
export function startPublisher(settings: PilotSettings, servers: string[], rate: number, seed: number): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/publish-demo.ts", "--seed", String(seed), "--rate", String(rate)], {
    env: {
      ...process.env,
      NATS_URL: servers.join(","),
      ...natsAuthEnv(settings),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
