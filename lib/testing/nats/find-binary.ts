import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import path from "node:path";

const EXTRA_DIRS = ["/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/bin"];

function findOnPath(name: string): string | null {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), ...EXTRA_DIRS];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

const HOW_TO_INSTALL = [
  "nats-server was not found on PATH. Install it, then run this again:",
  "  Debian/Ubuntu:  sudo apt-get install -y nats-server",
  "  macOS:          brew install nats-server",
  "  anywhere:       https://github.com/nats-io/nats-server/releases (put it on PATH)",
  "Or point Pilot at an existing NATS with NATS_URL (see README, Configuration).",
].join("\n");

/**
 * The nats-server binary. On Debian as root a missing server is installed with apt-get
 * (the demo must work on a bare machine); anywhere else the error says what to install.
 */
export function ensureNatsServerBinary(log: (line: string) => void = console.log): string {
  const found = findOnPath("nats-server");
  if (found) return found;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!existsSync("/etc/debian_version") || !isRoot) throw new Error(HOW_TO_INSTALL);
  log("nats-server is missing: installing Debian's package (apt-get install -y nats-server)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  let res = spawnSync("apt-get", ["install", "-y", "-qq", "nats-server"], { stdio: "inherit", env });
  if (res.status !== 0) {
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    res = spawnSync("apt-get", ["install", "-y", "-qq", "nats-server"], { stdio: "inherit", env });
  }
  const installed = findOnPath("nats-server");
  if (res.status !== 0 || !installed) throw new Error(`apt-get could not install nats-server.\n${HOW_TO_INSTALL}`);
  return installed;
}
