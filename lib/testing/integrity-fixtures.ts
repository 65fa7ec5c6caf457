// Hand-made traffic for the integrity view's tests (unit and e2e): one intent for each
// thing the view counts, and clean ones around them. Relative imports: Playwright loads it.
import { randomUUID } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import { stringifyLossless } from "../protocol/json";
import { demoKeys, signIntentText, type DemoKey } from "./demo/keys";

export interface FixtureMessage {
  subject: string;
  payload: string;
  headers: Record<string, string> | null;
}

export const DIGEST = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
export const OTHER_DIGEST = "sha256:60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

const TTL_MS = 60_000;

interface IntentSpec {
  key: DemoKey | null;
  tamper?: boolean;
  /** After the (tampered) copy, the genuine signed one with the same id: a conflicting copy. */
  genuineCopy?: boolean;
  /** The result: none, or started this long after creation, with this runner digest. */
  result?: { startAfterMs: number; digest: string | null };
  audit?: boolean;
}

export type FixtureName =
  | "clean"
  | "clean2"
  | "tampered"
  | "unsigned"
  | "untrusted"
  | "expired"
  | "mismatch"
  | "unaudited";

export interface IntegrityFixtures {
  messages: FixtureMessage[];
  ids: Record<FixtureName, string>;
  /** What the integrity view must count over [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  expected: {
    intents: number;
    results: number;
    digestsCompared: number;
    counts: {
      verified: number;
      unsigned: number;
      invalid: number;
      "untrusted-signer": number;
      "digest-mismatch": number;
      "ttl-expired": number;
      "no-audit": number;
      "no-result": number;
      "conflicting-copies": number;
    };
  };
}

function nsAt(ms: number, extraNs = 0n): bigint {
  return BigInt(ms) * 1_000_000n + extraNs;
}

/**
 * The fixtures, created one second apart from `baseMs` in `domain`, signed with the demo
 * keys of `seed` (its three trusted keys must be the store's trust list).
 */
export function integrityFixtures(opts: { baseMs: number; domain: string; seed: number }): IntegrityFixtures {
  const keys = demoKeys(opts.seed);
  const trusted = keys.trusted[0];
  const fine = { startAfterMs: 20, digest: DIGEST };
  const specs: Record<FixtureName, IntentSpec> = {
    clean: { key: trusted, result: fine, audit: true },
    clean2: { key: keys.trusted[1], result: fine, audit: true },
    tampered: { key: trusted, tamper: true, genuineCopy: true, result: fine, audit: true },
    unsigned: { key: null, audit: true },
    untrusted: { key: keys.untrusted, audit: true },
    expired: { key: trusted, result: { startAfterMs: TTL_MS + 1_000, digest: DIGEST }, audit: true },
    mismatch: { key: trusted, result: { startAfterMs: 20, digest: OTHER_DIGEST }, audit: true },
    unaudited: { key: trusted, result: fine, audit: false },
  };
  const messages: FixtureMessage[] = [];
  const ids = {} as Record<FixtureName, string>;
  let k = 0;
  for (const [name, spec] of Object.entries(specs) as [FixtureName, IntentSpec][]) {
    const createdMs = opts.baseMs + k++ * 1000;
    const id = uuidv7();
    const nonce = randomUUID();
    ids[name] = id;
    const intent = (params: unknown, signature_b64: string) => ({
      id,
      capability: "fs.read.v1",
      domain: opts.domain,
      params,
      created_at_ns: nsAt(createdMs, 123_456n),
      ttl_ms: TTL_MS,
      nonce,
      signer: spec.key?.signer ?? "",
      signature_b64,
      metadata: { agent: "integrity-fixture", fixture: name },
    });
    const params = { path: `/srv/${name}.txt`, max_bytes: 4096, follow_symlinks: null };
    const signature = spec.key ? signIntentText(stringifyLossless(intent(params, "")), spec.key) : "";
    const sent = spec.tamper ? { ...params, path: "/etc/shadow" } : params;
    messages.push({
      subject: "smith.intents.vetted.fs.read.v1",
      payload: stringifyLossless(intent(sent, signature)),
      headers: { "capability-digest": DIGEST },
    });
    if (spec.genuineCopy) {
      messages.push({
        subject: "smith.intents.vetted.fs.read.v1",
        payload: stringifyLossless(intent(params, signature)),
        headers: { "capability-digest": DIGEST },
      });
    }
    if (spec.audit) {
      messages.push({
        subject: `smith.audit.policy.${id}`,
        payload: stringifyLossless({
          intent_id: id,
          result_status: "ok",
          timestamp_ns: nsAt(createdMs + 5),
          executor_id: "exec-integrity-01",
          policy_decisions: [{ rule_name: "capability-allowlist", decision: "allow", reason: "fs.read.v1 allowed" }],
          security_context: {
            sandbox_mode: "full",
            user_ns: null,
            mount_ns: null,
            pid_ns: null,
            net_ns: null,
            cgroup_path: null,
            landlock_enabled: true,
            seccomp_enabled: true,
            allowlist_hits: null,
          },
        }),
        headers: null,
      });
    }
    if (spec.result) {
      const started = nsAt(createdMs + spec.result.startAfterMs);
      messages.push({
        subject: `smith.results.${id}`,
        payload: stringifyLossless({
          intent_id: id,
          status: "ok",
          output: { content: "ok\n", bytes: 3 },
          error: null,
          started_at_ns: started,
          finished_at_ns: started + 4_000_000n,
          runner_meta: { pid: 4242, cpu_ms: 3, max_rss_kb: 8192, capability_digest: spec.result.digest },
          audit_ref: { id: `audit-${id}`, timestamp: Math.floor(createdMs / 1000), hash: "placeholder" },
        }),
        headers: null,
      });
    }
  }
  return {
    messages,
    ids,
    fromMs: opts.baseMs,
    toMs: opts.baseMs + k * 1000,
    expected: {
      intents: 8,
      results: 6,
      digestsCompared: 6,
      counts: {
        verified: 5,
        unsigned: 1,
        invalid: 1,
        "untrusted-signer": 1,
        "digest-mismatch": 1,
        "ttl-expired": 1,
        "no-audit": 1,
        // unsigned and untrusted have no result, long after their TTL and any grace.
        "no-result": 2,
        "conflicting-copies": 1,
      },
    },
  };
}
