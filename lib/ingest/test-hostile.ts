import { randomUUID } from "node:crypto";

/**
 * Hostile messages for the fuzz suite. `expect` says what ingest must make of each:
 * "quarantine" (it breaks the protocol), "index" (a valid message, however nasty its
 * strings), or "either" (the protocol allows it but a parser may reasonably refuse it,
 * e.g. 10,000 levels of nesting inside free-form params): never lost, never a crash.
 */
export interface HostileMessage {
  subject: string;
  payload: Uint8Array;
  expect: "quarantine" | "index" | "either";
  kind: string;
}

const enc = new TextEncoder();
const XSS = `<img src=x onerror=alert(1)><script>alert(2)</script>\u001b[2J\u001b]0;pwned\u0007\u202e`;

function intent(over: Record<string, unknown> = {}, rawExtra = ""): string {
  const body = {
    id: `01890000-0000-7000-8000-${randomUUID().slice(-12)}`,
    capability: "fs.read.v1",
    domain: "fuzz",
    params: { path: "/tmp/x" },
    created_at_ns: 1735689600123456789n,
    ttl_ms: 60000,
    nonce: randomUUID(),
    signer: "",
    signature_b64: "",
    metadata: {},
    ...over,
  };
  const text = JSON.stringify(body, (_k, v: unknown) => (typeof v === "bigint" ? `__BIG__${v}` : v)).replace(/"__BIG__(\d+)"/g, "$1");
  return rawExtra ? `${text.slice(0, -1)},${rawExtra}}` : text;
}

const nest = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

/** The heavy kinds (megabytes, 10k levels, 100k elements) come once every this many messages. */
const HEAVY_EVERY = 200;

/** The n-th hostile message (a deterministic cycle through the kinds). */
export function hostileMessage(n: number): HostileMessage {
  const iSubject = "smith.intents.vetted.fs.read.v1";
  const kinds: (() => HostileMessage)[] = [
    () => ({ kind: "invalid JSON", subject: iSubject, payload: enc.encode(["{", "[1,2", "nul", '{"a":}', "\u0000", "", "}{"][n % 7] ?? "{"), expect: "quarantine" }),
    () => ({ kind: "wrong types", subject: iSubject, payload: enc.encode(intent({ id: n, ttl_ms: "soon" })), expect: "quarantine" }),
    () => ({ kind: "deep nesting (whole message)", subject: iSubject, payload: enc.encode(nest(10_000)), expect: "quarantine" }),
    () => ({ kind: "deep nesting (params)", subject: iSubject, payload: enc.encode(intent({}, `"deep":${nest(10_000)}`)), expect: "either" }),
    () => ({ kind: "1 MB string (valid)", subject: iSubject, payload: enc.encode(intent({ params: { path: "A".repeat(1_000_000) } })), expect: "index" }),
    () => ({ kind: "1 MB string (whole message)", subject: `smith.results.${randomUUID()}`, payload: enc.encode(`"${"B".repeat(1_000_000)}"`), expect: "quarantine" }),
    () => ({ kind: "invalid UTF-8", subject: iSubject, payload: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]), expect: "quarantine" }),
    () => ({
      kind: "__proto__ / constructor keys",
      subject: iSubject,
      payload: enc.encode(intent({}, `"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted2":"yes"}}`)),
      expect: "index",
    }),
    () => ({ kind: "huge array", subject: `smith.events.graph.${randomUUID()}`, payload: enc.encode(`{"type":"GraphDelta","data":{"nodes_added":[${Array(100_000).fill("{}").join(",")}],"edges_added":[],"nodes_removed":[],"edges_removed":[]}}`), expect: "quarantine" }),
    () => ({ kind: "1e400 (u32 field)", subject: iSubject, payload: enc.encode(intent({ ttl_ms: 0 }).replace('"ttl_ms":0', '"ttl_ms":1e400')), expect: "quarantine" }),
    () => ({ kind: "1e400 (free params)", subject: iSubject, payload: enc.encode(intent({}, `"big":1e400`)), expect: "either" }),
    () => ({ kind: "XSS and terminal escapes (valid)", subject: iSubject, payload: enc.encode(intent({ domain: XSS, params: { path: XSS }, metadata: { note: XSS } })), expect: "index" }),
    () => ({ kind: "extra garbage fields (valid)", subject: iSubject, payload: enc.encode(intent({}, `"garbage":{"x":[1,2,{"y":null}]},"more":"${"z".repeat(1000)}"`)), expect: "index" }),
    () => ({
      kind: "reply with wrong types",
      subject: `newt.replies.fuzz.${n}`,
      payload: enc.encode(JSON.stringify({ model_id: "", content: 1, diff: null, empty_diff: "no", diff_applied: 0 })),
      expect: "quarantine",
    }),
    () => ({ kind: "audit entry with nested garbage", subject: `smith.audit.policy.${randomUUID()}`, payload: enc.encode(JSON.stringify({ intent_id: { $gt: "" }, policy_decisions: "all" })), expect: "quarantine" }),
  ];
  const heavy = [2, 3, 4, 5, 8];
  const light = kinds.map((_, i) => i).filter((i) => !heavy.includes(i));
  const pick = n % HEAVY_EVERY < heavy.length ? heavy[n % HEAVY_EVERY] : light[n % light.length];
  const make = pick === undefined ? undefined : kinds[pick];
  if (!make) throw new Error("no kind");
  return make();
}
