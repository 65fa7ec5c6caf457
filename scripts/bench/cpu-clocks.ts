import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

/*
 * The clocks bench:stages reads. CPU, not wall time (the machine is shared): the
 * process's (`process.cpuUsage`, every thread), the main thread's
 * (/proc/thread-self/schedstat, Linux) and nats-server's (/proc/<pid>/stat).
 */

/** A stage that measured nothing, or the wrong thing, ends the run with an error. */
export function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`stage broken: ${what}`);
}

export const processCpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
/** This thread's time on a CPU, in µs (nanoseconds in the kernel's schedstat). */
export const threadCpuUs = (): number => Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1000;
const TICKS_PER_S = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** nats-server's user + system CPU in µs (clock ticks: 10 ms steps, fine over a drain). */
export function serverCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_S;
}

/** The nats-server this process started (startTestNats keeps its child to itself). */
export function natsServerPid(): number {
  const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, "utf8").trim().split(/\s+/);
  const pid = children.map(Number).find((c) => {
    try {
      return readFileSync(`/proc/${c}/comm`, "utf8").trim() === "nats-server";
    } catch {
      return false;
    }
  });
  if (pid === undefined) throw new Error("stage broken: no nats-server child process found");
  return pid;
}

export const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

/** The best (lowest) figure of each key over the rounds. */
export class Best {
  readonly #min = new Map<string, number>();
  add(key: string, value: number): void {
    check(Number.isFinite(value) && value > 0, `${key} measured ${value}`);
    this.#min.set(key, Math.min(this.#min.get(key) ?? Infinity, value));
  }
  get(key: string): number {
    const v = this.#min.get(key);
    if (v === undefined) throw new Error(`stage broken: ${key} was never measured`);
    return v;
  }
}
