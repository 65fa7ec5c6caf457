import type { Role } from "../env";

export type { Role };
export const ROLES: readonly Role[] = ["viewer", "auditor", "admin"];

const RANK: Record<Role, number> = { viewer: 0, auditor: 1, admin: 2 };

/** viewer: intents, sessions, scorecards; auditor: + audit trail, export, raw quarantine payloads; admin: + users, settings. */
export function hasRole(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

export function isRole(v: string): v is Role {
  return v === "viewer" || v === "auditor" || v === "admin";
}
