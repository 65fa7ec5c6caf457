import type { Capability, Domain } from "./context";
import { hostOf, resourceOf, type Params } from "./intent-params";
import type { Prng } from "./prng";
import type { SignatureState } from "./types";

/** Admission policy as the executor records it: one decision per rule, stopping at a deny. */

export interface PolicyDecision {
  rule_name: string;
  decision: "allow" | "deny" | "transform";
  reason: string;
}

export interface PolicyInput {
  capability: Capability;
  domain: Domain;
  params: Params;
  signature: SignatureState;
  agent: string;
  signer: string;
}

export interface PolicyOutcome {
  decisions: PolicyDecision[];
  /** The deny decision, when admission failed. */
  denied: PolicyDecision | null;
}

const SANDBOX_ROOTS = ["/workspace", "/srv/app"];
const READONLY_ALLOW = [
  "/etc/hostname",
  "/var/log/nginx/access.log",
  "/var/log/smith/executor.log",
];
const EGRESS = [
  "api.github.com",
  "github.com",
  "gitlab.example.com",
  "pypi.org",
  "registry.npmjs.org",
  "docs.rs",
  "status.internal.example.com",
  "hooks.slack.com",
  "api.openai.com",
];
const FILE_CAPS: readonly Capability[] = [
  "fs.read.v1",
  "fs.write.v1",
  "archive.read.v1",
  "sqlite.query.v1",
];
const NET_CAPS: readonly Capability[] = ["http.fetch.v1", "git.clone.v1"];

function short(key: string): string {
  return `${key.slice(0, 8)}…`;
}

function signatureRule(input: PolicyInput, prng: Prng): PolicyDecision {
  const rule_name = "signature-verify";
  const strict = input.domain === "production" || input.domain === "staging";
  switch (input.signature) {
    case "verified":
      return {
        rule_name,
        decision: "allow",
        reason: `Ed25519 signature verified for ${input.agent} (${short(input.signer)})`,
      };
    case "invalid":
      return strict || prng.chance(0.6)
        ? {
            rule_name,
            decision: "deny",
            reason: "signature does not match the intent body (possible tampering)",
          }
        : {
            rule_name,
            decision: "allow",
            reason: `signature invalid; domain ${input.domain} enforces in audit-only mode`,
          };
    case "unsigned":
      return input.domain === "production" || prng.chance(0.3)
        ? {
            rule_name,
            decision: "deny",
            reason: `unsigned intents are not accepted in domain ${input.domain}`,
          }
        : {
            rule_name,
            decision: "allow",
            reason: `unsigned intent accepted in domain ${input.domain} (audit-only)`,
          };
    case "untrusted-signer":
      return strict && prng.chance(0.7)
        ? {
            rule_name,
            decision: "deny",
            reason: `signer ${short(input.signer)} is not in the trusted key set`,
          }
        : {
            rule_name,
            decision: "allow",
            reason: `signature verifies; signer ${short(input.signer)} not in trusted set (warn)`,
          };
  }
}

function allowlistRule(input: PolicyInput, prng: Prng): PolicyDecision {
  const rule_name = "capability-allowlist";
  const blocked =
    (input.capability === "shell.exec.v1" && input.domain === "production" && prng.chance(0.35)) ||
    (input.capability === "fs.write.v1" && input.domain === "production" && prng.chance(0.2));
  return blocked
    ? {
        rule_name,
        decision: "deny",
        reason: `${input.capability} is not allowed in domain ${input.domain}`,
      }
    : {
        rule_name,
        decision: "allow",
        reason: `${input.capability} is allowed in domain ${input.domain}`,
      };
}

function pathRule(input: PolicyInput): PolicyDecision | null {
  if (!FILE_CAPS.includes(input.capability)) return null;
  const rule_name = "path-sandbox";
  const res = resourceOf(input.capability, input.params);
  if (READONLY_ALLOW.includes(res.id) && res.op === "read") {
    return { rule_name, decision: "allow", reason: `${res.id} is on the read-only allow-list` };
  }
  const root = SANDBOX_ROOTS.find((r) => res.id.startsWith(`${r}/`));
  return root
    ? { rule_name, decision: "allow", reason: `${res.id} is inside sandbox root ${root}` }
    : {
        rule_name,
        decision: "deny",
        reason: `${res.id} is outside the sandbox roots ${SANDBOX_ROOTS.join(", ")}`,
      };
}

function egressRule(input: PolicyInput): PolicyDecision | null {
  if (!NET_CAPS.includes(input.capability)) return null;
  const rule_name = "egress-domains";
  const url = typeof input.params.url === "string" ? input.params.url : "";
  const host = hostOf(url);
  const allowed = EGRESS.includes(host) && !(host === "api.openai.com" && input.domain === "ci");
  return allowed
    ? { rule_name, decision: "allow", reason: `${host} is in the egress allow-list` }
    : {
        rule_name,
        decision: "deny",
        reason: `${host} is not in the egress allow-list for domain ${input.domain}`,
      };
}

function rateRule(input: PolicyInput, prng: Prng): PolicyDecision {
  const rule_name = "rate-limit";
  const limit = input.domain === "production" ? 60 : 120;
  if (prng.chance(0.03)) {
    const seen = limit + prng.int(1, 40);
    return {
      rule_name,
      decision: "deny",
      reason: `${input.agent} exceeded ${limit} intents/min in ${input.domain} (${seen} in the last 60 s)`,
    };
  }
  return {
    rule_name,
    decision: "allow",
    reason: `${prng.int(1, limit - 1)}/${limit} intents in the last 60 s`,
  };
}

function secretsRule(input: PolicyInput, prng: Prng): PolicyDecision {
  const rule_name = "secrets-redaction";
  const hasCarrier = input.params.env !== undefined || input.params.headers !== undefined;
  if (hasCarrier && prng.chance(0.5)) {
    const where = input.params.env !== undefined ? "params.env" : "params.headers";
    const what = prng.pick([
      "GITHUB_TOKEN",
      "AWS_SECRET_ACCESS_KEY",
      "(?i)authorization",
      "SLACK_WEBHOOK_URL",
    ]);
    return {
      rule_name,
      decision: "transform",
      reason: `redacted ${prng.int(1, 2)} value(s) matching ${what} in ${where}`,
    };
  }
  return { rule_name, decision: "allow", reason: "no secrets found in params" };
}

export function evaluatePolicy(input: PolicyInput, prng: Prng): PolicyOutcome {
  const rules: (() => PolicyDecision | null)[] = [
    () => signatureRule(input, prng),
    () => allowlistRule(input, prng),
    () => pathRule(input),
    () => egressRule(input),
    () => rateRule(input, prng),
    () => secretsRule(input, prng),
  ];
  const decisions: PolicyDecision[] = [];
  for (const rule of rules) {
    const d = rule();
    if (!d) continue;
    decisions.push(d);
    if (d.decision === "deny") return { decisions, denied: d };
  }
  return { decisions, denied: null };
}
