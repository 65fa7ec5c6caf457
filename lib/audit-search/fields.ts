/** The fields the audit search box understands, with the values it knows for each. */
export const AUDIT_FIELDS = {
  executor: { description: "the executor that ran it", values: [] },
  status: { description: "the execution status", values: ["ok", "error", "denied", "timeout", "killed"] },
  decision: { description: "a policy decision", values: ["allow", "deny", "transform"] },
  rule: { description: "a policy rule name", values: [] },
  capability: { description: "the intent's capability", values: ["fs.read.v1", "fs.write.v1", "http.fetch.v1", "git.clone.v1", "archive.read.v1", "sqlite.query.v1", "bench.report.v1", "shell.exec.v1"] },
  domain: { description: "the intent's domain", values: [] },
  sandbox: { description: "the sandbox mode", values: ["full", "demo", "unsafe", "none"] },
  signer: { description: "the signer's public key (base64)", values: [] },
  intent: { description: "one intent id", values: [] },
} as const satisfies Record<string, { description: string; values: readonly string[] }>;

export type AuditField = keyof typeof AUDIT_FIELDS;
export const FIELD_NAMES = Object.keys(AUDIT_FIELDS) as AuditField[];

/** Fields whose value must be one of the known values (a typo is an error, not an empty page). */
export const CLOSED_FIELDS: ReadonlySet<AuditField> = new Set(["status", "decision", "sandbox"]);

export function isAuditField(name: string): name is AuditField {
  return Object.hasOwn(AUDIT_FIELDS, name);
}
