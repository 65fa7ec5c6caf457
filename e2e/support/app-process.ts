import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";

const NEXT_BIN = "node_modules/next/dist/bin/next";

export function buildApp(env: NodeJS.ProcessEnv = process.env): void {
  if (process.env.PILOT_E2E_SKIP_BUILD === "1") return;
  const res = spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: "inherit", env });
  if (res.status !== 0) throw new Error(`next build failed (exit ${res.status})`);
}

/**
 * The production app as `npm start` runs it (Pilot's server around Next.js, which stamps
 * each request's socket address), in its own process group so teardown can stop it.
 */
export function startApp(port: number, env: NodeJS.ProcessEnv, logPath: string): ChildProcess {
  const log = openSync(logPath, "a");
  return spawn(process.execPath, ["scripts/serve.ts", "-p", String(port), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", log, log],
    detached: true,
  });
}

export async function waitForHttp(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`app exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}
