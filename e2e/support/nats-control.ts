import { spawn } from "node:child_process";
import { waitHealthy } from "../../lib/testing/nats/stack";
import { readStackState, writeStackState } from "./stack-state";

function exited(pid: number): Promise<void> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(poll);
        resolve();
      }
    }, 50);
  });
}

/** Stops the shared nats-server and waits until it is gone. */
export async function stopNats(): Promise<void> {
  const { natsPid } = readStackState();
  process.kill(natsPid, "SIGTERM");
  await exited(natsPid);
}

/** Starts it again with the same config, ports and store; global teardown stops it. */
export async function startNats(): Promise<void> {
  const stack = readStackState();
  const child = spawn(stack.natsLaunch.binary, stack.natsLaunch.args, {
    env: { ...process.env, ...stack.natsLaunch.env },
    stdio: "ignore",
    detached: true,
  });
  child.unref();
  writeStackState({ ...stack, natsPid: child.pid ?? -1 });
  await waitHealthy(stack.natsHttpUrl);
}
