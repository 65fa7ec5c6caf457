import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringifyLossless } from "@/lib/protocol/json";
import { demoKeys, demoTrustedSigners, signIntentText } from "@/lib/testing/demo/keys";
import { intentDetailSchema, intentListSchema } from "@/lib/contract/intents";
import { handleIntentDetail, handleIntentList } from "@/lib/api/intents";
import { ok, refused } from "@/lib/api/test-api";
import Database from "better-sqlite3";
import { REFILE_RUNNER_STATUSES } from "../core/schema-custody";
import { openStore } from "../store";
import { SEED, StreamSequencer } from "@/lib/testing/store-fixtures";
import type { Store } from "../store";

/*
 * The chain of custody on real data: intents with no result after TTL + grace, results
 * whose intent never came, second copies of an id with other bytes, and runner timeouts
 * the executor reports as error / EXECUTION_OTHER.
 */

const keys = demoKeys(SEED);
const T0 = Date.UTC(2026, 5, 1, 12);
const GRACE = 30_000;
let idCounter = 0;

function nextId(): string {
  idCounter++;
  return `0197a000-0000-7000-8000-${String(idCounter).padStart(12, "0")}`;
}

function intentText(id: string, opts: { ttlMs?: number; path?: string; signedPath?: string; createdMs?: number } = {}): string {
  const body = (path: string, signature_b64: string) => ({
    id,
    capability: "fs.read.v1",
    domain: "custody",
    params: { path, max_bytes: 4096, follow_symlinks: null },
    created_at_ns: BigInt(opts.createdMs ?? T0) * 1_000_000n,
    ttl_ms: opts.ttlMs ?? 10_000,
    nonce: "7d3c7a6e-3f0b-4d5e-9d8c-1a2b3c4d5e6f",
    signer: keys.trusted[0].signer,
    signature_b64,
    metadata: { agent: "custody-test" },
  });
  const signedPath = opts.signedPath ?? "/srv/data.txt";
  const signature = signIntentText(stringifyLossless(body(signedPath, "")), keys.trusted[0]);
  return stringifyLossless(body(opts.path ?? signedPath, signature));
}

function resultText(id: string, status: string, error: { code: string; message: string } | null, startMs = T0 + 100): string {
  const started = BigInt(startMs) * 1_000_000n;
  return stringifyLossless({
    intent_id: id,
    status,
    output: null,
    error,
    started_at_ns: started,
    finished_at_ns: started + 30_000_000_000n,
    runner_meta: { pid: 7, cpu_ms: 30000, max_rss_kb: 512, capability_digest: null },
    audit_ref: { id: `audit-${id}`, timestamp: Math.floor(startMs / 1000), hash: "placeholder" },
  });
}

let dir = "";
let now = T0;
let store: Store;
let seq: StreamSequencer;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pilot-custody-"));
  now = T0;
  store = openStore(path.join(dir, "index.sqlite"), {
    trustedSigners: demoTrustedSigners(SEED),
    noResultGraceMs: GRACE,
    now: () => now,
  });
  seq = new StreamSequencer();
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const VETTED = "smith.intents.vetted.fs.read.v1";
const apply = (...records: Parameters<StreamSequencer["raw"]>[]) => store.applyBatch(records.map((r) => seq.raw(...r)));
const statusOf = (id: string) => store.listIntents({ limit: 50 }).items.find((i) => i.id === id)?.status;
const idsWith = (status: "pending" | "no-result" | "timeout" | "killed" | "error") =>
  store.listIntents({ limit: 50, status }).items.map((i) => i.id);

describe("an intent with no result", () => {
  it("is pending until its TTL and the grace have passed, then reads no-result, without being rewritten", () => {
    const id = nextId();
    apply([VETTED, intentText(id, { ttlMs: 10_000 })]);
    now = T0 + 10_000 + GRACE - 1;
    expect(statusOf(id)).toBe("pending");
    expect(idsWith("pending")).toEqual([id]);
    expect(idsWith("no-result")).toEqual([]);
    expect(store.getIntent(id)?.ttl).toMatchObject({ state: "expired-unanswered", noResultAtMs: T0 + 10_000 + GRACE });

    now = T0 + 10_000 + GRACE;
    expect(statusOf(id)).toBe("no-result");
    expect(idsWith("no-result")).toEqual([id]);
    expect(idsWith("pending")).toEqual([]);
    expect(store.getIntent(id)?.ttl.state).toBe("no-result");
    expect(store.integritySummary({}).counts["no-result"]).toBe(1);
    expect(store.integrityRows({ kind: "no-result", limit: 10 }).items.map((r) => r.id)).toEqual([id]);
  });

  it("reads awaiting before its TTL, and takes a late result's status when it comes", () => {
    const id = nextId();
    apply([VETTED, intentText(id, { ttlMs: 10_000 })]);
    now = T0 + 5_000;
    expect(store.getIntent(id)?.ttl.state).toBe("awaiting");
    now = T0 + 3_600_000;
    expect(statusOf(id)).toBe("no-result");
    apply([`smith.results.${id}`, resultText(id, "ok", null)]);
    expect(statusOf(id)).toBe("ok");
    expect(store.integritySummary({}).counts["no-result"]).toBe(0);
    expect(store.getIntent(id)?.ttl.noResultAtMs).toBeNull();
  });

  it("is filtered as no-result through the API, and the status is offered there", async () => {
    const id = nextId();
    apply([VETTED, intentText(id, { ttlMs: 1 })]);
    now = T0 + 1 + GRACE;
    const page = await ok(intentListSchema, (url) => handleIntentList(() => store, url), { status: "no-result" });
    expect(page.items.map((i) => [i.id, i.status])).toEqual([[id, "no-result"]]);
    await refused((url) => handleIntentList(() => store, url), { status: "lost" }, "status");
  });
});

describe("a result whose intent Pilot never saw", () => {
  it("has a detail with its result and no intent, and is not counted as an intent without result", () => {
    const id = nextId();
    apply([`smith.results.${id}`, resultText(id, "ok", null)]);
    const detail = store.getIntent(id);
    expect(detail?.intent).toBeNull();
    expect(detail?.result?.statusNorm).toBe("ok");
    expect(detail?.ttl.state).toBe("unknown");
    expect(store.integritySummary({}).counts["no-result"]).toBe(0);
  });
});

describe("a second copy of an intent id", () => {
  it("with other bytes is kept beside the first with its own verdict, listed, counted and filterable", async () => {
    const id = nextId();
    const tampered = intentText(id, { path: "/etc/shadow" });
    const genuine = intentText(id);
    const out = apply([VETTED, tampered], [VETTED, genuine]);
    expect(out).toEqual({ applied: 2, duplicates: 0, quarantined: 0 });

    const detail = await ok(intentDetailSchema, () => handleIntentDetail(() => store, id), {});
    expect(detail.intent?.raw).toBe(tampered);
    expect(detail.signature?.state).toBe("invalid");
    expect(detail.copies).toHaveLength(1);
    expect(detail.copies[0]).toMatchObject({ raw: genuine, signature: { state: "verified" }, stream: "ATOMS_VETTED", seq: 2 });
    expect(detail.intent?.conflictingCopies).toBe(1);

    const listed = store.listIntents({ limit: 10 }).items;
    expect(listed.map((i) => [i.id, i.signatureState, i.conflictingCopies])).toEqual([[id, "invalid", 1]]);
    expect(store.listIntents({ limit: 10, conflict: true }).items.map((i) => i.id)).toEqual([id]);
    const viaApi = await ok(intentListSchema, (url) => handleIntentList(() => store, url), { copies: "conflicting" });
    expect(viaApi.items.map((i) => i.id)).toEqual([id]);
    expect(store.integritySummary({}).counts["conflicting-copies"]).toBe(1);
    expect(store.integrityRows({ kind: "conflicting-copies", limit: 10 }).items.map((r) => r.id)).toEqual([id]);
  });

  it("byte for byte the same is a redelivery that changes nothing, in one batch or another, and so is a repeated other copy", () => {
    const clean = nextId();
    const once = intentText(clean);
    apply([VETTED, once], [VETTED, once]);
    apply([VETTED, once]);
    expect(store.getIntent(clean)?.copies).toEqual([]);
    expect(store.listIntents({ limit: 10, conflict: true }).items).toEqual([]);

    const twice = nextId();
    apply([VETTED, intentText(twice, { path: "/etc/shadow" })], [VETTED, intentText(twice)]);
    apply([VETTED, intentText(twice)], [VETTED, intentText(twice, { path: "/etc/shadow" })]);
    expect(store.getIntent(twice)?.copies).toHaveLength(1);
    expect(store.integritySummary({}).counts["conflicting-copies"]).toBe(1);
  });

  it("is checked by the same verifier as a first copy, and only when its bytes differ", () => {
    const id = nextId();
    const checked: string[] = [];
    const otherStore = openStore(path.join(dir, "custom.sqlite"), {
      verifySignature: (raw) => {
        checked.push(raw);
        return { state: "untrusted-signer", reason: `checked copy ${checked.length}`, trustListConfigured: true };
      },
    });
    const s = new StreamSequencer();
    const first = intentText(id, { path: "/etc/shadow" });
    const second = intentText(id);
    otherStore.applyBatch([s.raw(VETTED, first), s.raw(VETTED, first), s.raw(VETTED, second)]);
    expect(checked).toEqual([first, second]);
    expect(otherStore.getIntent(id)?.copies.map((c) => c.signature)).toEqual([{ state: "untrusted-signer", reason: "checked copy 2" }]);
    otherStore.close();
  });
});

describe("a runner timeout reported as error / EXECUTION_OTHER", () => {
  it.each([
    ["Timeout", "timeout"],
    ["Killed", "killed"],
  ] as const)("with status %s is filed as %s, the original status kept beside it", (runner, outcome) => {
    const id = nextId();
    const other = nextId();
    apply(
      [VETTED, intentText(id)],
      [VETTED, intentText(other)],
      [`smith.results.${id}`, resultText(id, "error", { code: "EXECUTION_OTHER", message: `Runner execution completed with status: ${runner}` })],
      [`smith.results.${other}`, resultText(other, "error", { code: "EXECUTION_ERROR", message: "Runner execution failed: exit_code=Some(1)" })],
    );
    expect(idsWith(outcome)).toEqual([id]);
    expect(idsWith("error")).toEqual([other]);
    const row = store.listIntents({ limit: 10, status: outcome }).items[0];
    expect(row).toMatchObject({ status: outcome, resultStatus: "error", errorCode: "EXECUTION_OTHER" });
    expect(store.getIntent(id)?.result).toMatchObject({ status: "error", statusNorm: outcome, errorCode: "EXECUTION_OTHER" });
  });

  it("arriving before its intent is filed the same way", () => {
    const id = nextId();
    apply([`smith.results.${id}`, resultText(id, "error", { code: "EXECUTION_OTHER", message: "Runner execution completed with status: Timeout" })]);
    apply([VETTED, intentText(id)]);
    expect(statusOf(id)).toBe("timeout");
  });

  it("is re-filed in an index written before the outcome was derived (migration 5)", () => {
    const id = nextId();
    const message = "Runner execution completed with status: Timeout";
    apply([VETTED, intentText(id)], [`smith.results.${id}`, resultText(id, "error", { code: "EXECUTION_OTHER", message })]);
    store.close();
    const raw = new Database(path.join(dir, "index.sqlite"));
    raw.exec("UPDATE results SET status_norm = 'error'; UPDATE intents SET status = 'error'");
    raw.exec(REFILE_RUNNER_STATUSES);
    raw.close();
    store = openStore(path.join(dir, "index.sqlite"), { noResultGraceMs: GRACE, now: () => now });
    expect(statusOf(id)).toBe("timeout");
    expect(store.getIntent(id)?.result?.statusNorm).toBe("timeout");
  });

  it("stays error for any other EXECUTION_OTHER status (Denied, as the executor also folds it)", () => {
    const id = nextId();
    apply(
      [VETTED, intentText(id)],
      [`smith.results.${id}`, resultText(id, "error", { code: "EXECUTION_OTHER", message: "Runner execution completed with status: Denied" })],
    );
    expect(statusOf(id)).toBe("error");
  });
});
