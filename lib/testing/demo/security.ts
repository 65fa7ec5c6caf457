import type { Capability, Domain } from "./context";
import type { Prng } from "./prng";

/** Sandbox facts for the audit trail (SecurityContext, AllowlistHit, ResourceUsage). */

export type SandboxMode = "full" | "demo" | "unsafe";

export interface AllowlistHit {
  resource_type: string;
  resource_id: string;
  operation: string;
  timestamp_ns: bigint;
}

export function sandboxModeFor(domain: Domain, prng: Prng): SandboxMode {
  switch (domain) {
    case "production":
      return "full";
    case "staging":
      return prng.weighted([
        ["full", 8],
        ["demo", 2],
      ] as const);
    case "ci":
      return prng.weighted([
        ["demo", 6],
        ["full", 4],
      ] as const);
    case "research":
      return prng.weighted([
        ["demo", 6],
        ["unsafe", 2],
        ["full", 2],
      ] as const);
  }
}

/** Field order as `SecurityContext` declares it; namespaces are `null` outside a sandbox. */
export function securityContext(
  mode: SandboxMode | null,
  intentId: string,
  prng: Prng,
  hits: AllowlistHit[] | null,
): Record<string, unknown> {
  const isolated = mode === "full" || mode === "demo";
  const ns = (): number | null => (isolated ? 4026532000 + prng.int(100, 899) : null);
  return {
    sandbox_mode: mode,
    user_ns: ns(),
    mount_ns: ns(),
    pid_ns: ns(),
    net_ns: mode === "full" ? ns() : null,
    cgroup_path: isolated ? `/sys/fs/cgroup/smith.slice/intent-${intentId.slice(-12)}.scope` : null,
    landlock_enabled: mode === "full",
    seccomp_enabled: isolated,
    allowlist_hits: hits,
  };
}

export interface UsageInput {
  capability: Capability;
  durationMs: number;
  cpuMs: number;
  maxRssKb: number;
}

export function resourceUsage(u: UsageInput, prng: Prng): Record<string, unknown> {
  const net = u.capability === "http.fetch.v1" || u.capability === "git.clone.v1";
  return {
    peak_memory_kb: u.maxRssKb,
    cpu_time_ms: u.cpuMs,
    wall_time_ms: u.durationMs,
    fd_count: prng.int(5, 64),
    disk_read_bytes: prng.int(0, 8_000_000),
    disk_write_bytes:
      u.capability === "fs.write.v1" || u.capability === "git.clone.v1"
        ? prng.int(1_000, 90_000_000)
        : prng.int(0, 40_000),
    network_tx_bytes: net ? prng.int(400, 40_000) : 0,
    network_rx_bytes: net ? prng.int(2_000, 90_000_000) : 0,
  };
}
