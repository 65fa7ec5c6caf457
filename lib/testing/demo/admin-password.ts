import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generatePassword } from "@/lib/auth/passwords";

/**
 * The demo's first-admin password: PILOT_ADMIN_PASSWORD when set, else generated once
 * into the data dir (git-ignored, mode 600) and the same on every later start, since the
 * account is created only once.
 */
export function demoAdminPassword(dataDir: string): string {
  const given = process.env.PILOT_ADMIN_PASSWORD;
  if (given) return given;
  const file = path.join(dataDir, "admin-password");
  if (existsSync(file)) {
    const kept = readFileSync(file, "utf8").trim();
    if (kept.length >= 12) return kept;
  }
  const fresh = generatePassword();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${fresh}\n`, { mode: 0o600 });
  return fresh;
}
