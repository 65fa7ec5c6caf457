import { writeFileSync } from "node:fs";
import path from "node:path";
import type { AuthSettings } from "../../lib/env";
import { openAuthDb } from "../../lib/auth/auth-db";
import { generatePassword, hashPassword } from "../../lib/auth/passwords";
import type { Role } from "../../lib/auth/roles";

export interface Account {
  user: string;
  pass: string;
  /** Playwright storage state (the session cookie) of a signed-in browser. */
  storageState: string;
}

export const ROLES_FOR_TESTS: readonly Role[] = ["admin", "auditor", "viewer"];

/**
 * The three accounts the specs use; the admin one is also the app's first admin. They are
 * written where an older Pilot kept them, `auth.sqlite`, before NATS and the app start: the
 * app imports them into the shared store on its first start (lib/auth/legacy-import.ts), so
 * every e2e run also goes through that import.
 */
export async function createAccounts(auth: AuthSettings): Promise<Record<Role, { user: string; pass: string }>> {
  const db = openAuthDb(auth.dbPath);
  const make = async (role: Role) => {
    const user = `e2e-${role}`;
    const pass = role === "admin" && auth.admin.password ? auth.admin.password : generatePassword();
    db.prepare("INSERT OR IGNORE INTO users (username, password_hash, role, source, created_ms) VALUES (?, ?, ?, 'local', ?)").run(user, await hashPassword(pass), role, Date.now());
    return { user, pass };
  };
  const out = { admin: await make("admin"), auditor: await make("auditor"), viewer: await make("viewer") };
  db.close();
  return out;
}

/** Signs in over HTTP and writes the session cookie as a Playwright storage state file. */
export async function signInState(baseUrl: string, account: { user: string; pass: string }, file: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/auth/signin`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: account.user, password: account.pass }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!res.ok || !cookie) throw new Error(`signing in ${account.user} failed: ${res.status} ${await res.text()}`);
  const [name, value] = cookie.split("=");
  const url = new URL(baseUrl);
  writeFileSync(
    file,
    JSON.stringify({ cookies: [{ name, value, domain: url.hostname, path: "/", expires: -1, httpOnly: true, secure: false, sameSite: "Lax" }], origins: [] }),
  );
}

export function stateFileFor(dir: string, role: string): string {
  return path.join(dir, `storage-${role}.json`);
}
