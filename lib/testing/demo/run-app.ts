import { spawn, type ChildProcess } from "node:child_process";

/** `npm start` (the production build in Pilot's server) as a child in its own process group. */
export function startNextApp(port: number, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["scripts/serve.ts", "-p", String(port)], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
}

export async function waitForUrl(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return Promise.resolve();
  }
  return exited;
}
