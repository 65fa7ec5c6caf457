import { describe, expect, it } from "vitest";
import { decodeMessage } from "@/lib/protocol";
import { demoMessages } from "@/lib/testing/demo/generator";
import { decodeLiveIntent } from "./decode-live-intent";
import { quickScanJsonKeys, scanJsonKeys } from "./json-key-scan";

const SUBJECT = "smith.intents.vetted.fs.read.v1";
const enc = new TextEncoder();

/** What the list takes from an intent, from either decoder. */
function listFields(subject: string, data: Uint8Array) {
  const exact = decodeMessage(subject, data);
  const fast = decodeLiveIntent(subject, data);
  const pick = (i: { id: string; capability: string; domain: string; signer: string; created_at_ns: bigint; ttl_ms: number; metadata: Record<string, unknown> }) => ({
    id: i.id,
    capability: i.capability,
    domain: i.domain,
    signer: i.signer,
    created: i.created_at_ns,
    ttl: i.ttl_ms,
    session: i.metadata.session_id,
    node: i.metadata.node_id,
  });
  return {
    exact: exact.ok && exact.kind === "intent" ? { ...pick(exact.value), raw: exact.raw } : null,
    fast: fast.ok ? { ...pick(fast.intent), raw: fast.raw } : null,
  };
}

const base = {
  id: "0190f5d2-8c4e-7b2a-9f1e-3d5c7a9b1e2f",
  capability: "fs.read.v1",
  domain: "production",
  params: { path: "/etc/hostname", max_bytes: 1024 },
  created_at_ns: "@CREATED@",
  ttl_ms: 30000,
  nonce: "n-1",
  signer: "",
  signature_b64: "",
  metadata: { session_id: "s-1", node_id: "n-7" },
};
const text = (created = "1735689600123456789") => JSON.stringify(base).replace('"@CREATED@"', created);

describe("decodeLiveIntent", () => {
  it("accepts and reads exactly what decodeMessage does, on a demo stream with malformed messages", () => {
    const messages = demoMessages({ seed: 11 }, 4000).filter((m) => m.subject.startsWith("smith.intents."));
    expect(messages.some((m) => m.malformed)).toBe(true);
    for (const m of messages) {
      const { exact, fast } = listFields(m.subject, enc.encode(m.payload));
      expect(fast).toEqual(exact);
    }
  });

  it.each([
    ["a plain intent", text()],
    ["created_at_ns at 2^53 (exact parser: bigint)", text("9007199254740992")],
    ["created_at_ns at 2^53 - 1", text("9007199254740991")],
    ["created_at_ns written with an exponent", text("1e3")],
    ["created_at_ns as a fraction", text("1.5")],
    ["created_at_ns negative", text("-1")],
    ["created_at_ns above u128", text("340282366920938463463374607431768211456")],
    ["created_at_ns as a string", text('"1735689600123456789"')],
    ["a repeated top-level key", text().replace('"domain":"production"', '"domain":"production","domain":"staging"')],
    ["a repeated key with the same value", text().replace('"domain":"production"', '"domain":"production","domain":"production"')],
    ["a repeated key inside params", text().replace('"max_bytes":1024', '"max_bytes":1024,"max_bytes":1')],
    ["an escaped key spelling created_at_ns", text().replace('"created_at_ns"', '"created\\u005fat_ns"')],
    ["created_at_ns also inside params", text().replace('"max_bytes":1024', '"created_at_ns":5')],
    ["a key text inside a string", text().replace('"/etc/hostname"', '"\\"created_at_ns\\":7, \\"id\\":1"')],
    ["__proto__ as a key", text().replace('"nonce"', '"__proto__":{"x":1},"nonce"')],
    ["deep nesting in params", text().replace('"/etc/hostname"', `${"[".repeat(80)}1${"]".repeat(80)}`)],
    ["whitespace around keys and values", text().replace(/,"/g, ' ,\n\t"').replace(/":/g, '" : ')],
    ["a byte-order mark", `\uFEFF${text()}`],
    ["an empty payload", ""],
    ["an array", `[${text()}]`],
    ["truncated JSON", text().slice(0, -3)],
    ["a missing field", text().replace('"nonce":"n-1",', "")],
    ["an empty id", text().replace(base.id, "")],
  ])("agrees with decodeMessage on %s", (_name, payload) => {
    const { exact, fast } = listFields(SUBJECT, enc.encode(payload));
    expect(fast).toEqual(exact);
  });

  it("agrees on bytes that are not UTF-8", () => {
    const bytes = new Uint8Array([...enc.encode(text().slice(0, 20)), 0xff, 0xfe, ...enc.encode(text().slice(20))]);
    const { exact, fast } = listFields(SUBJECT, bytes);
    expect(fast).toEqual(exact);
    expect(fast).toBeNull();
  });
});

describe("scanJsonKeys", () => {
  it("hands over the top-level number as written", () => {
    expect(scanJsonKeys('{"a":{"t":1},"t" : 1735689600123456789 ,"b":[{"t":2}]}', "t")).toEqual({ topNumber: "1735689600123456789" });
  });

  it("gives up on repeated keys, escaped keys and depth", () => {
    expect(scanJsonKeys('{"a":1,"b":{"c":1,"c":2}}', "t")).toBeNull();
    expect(scanJsonKeys('{"a":1,"\\u0061":2}', "t")).toBeNull();
    expect(scanJsonKeys(`${"[".repeat(65)}${"]".repeat(65)}`, "t")).toBeNull();
    expect(scanJsonKeys(`${"[".repeat(64)}${"]".repeat(64)}`, "t")).toEqual({ topNumber: null });
  });

  it("does not take string content for keys", () => {
    expect(scanJsonKeys('{"a":"\\"t\\": 5, \\"a\\": 1","t":"x"}', "t")).toEqual({ topNumber: null });
  });
});

describe("quickScanJsonKeys", () => {
  it.each([
    ['{"a":1,"t":1735689600123456789,"b":{"c":[{"u":2}]}}', { topNumber: "1735689600123456789" }],
    ['{"a":1,"b":{"c":1,"c":2}}', null],
    ['{"a":1,"a":1}', null],
    ['{"a":{"t":5}}', { topNumber: null }],
    ['{"t":"5"}', { topNumber: null }],
    // Cannot tell cheaply: a backslash, a blank before a colon, the key twice, too deep.
    [String.raw`{"a":"\\"}`, undefined],
    ['{"a" :1}', undefined],
    ['{"t":1,"b":{"t":2}}', undefined],
    [`${"[".repeat(65)}${"]".repeat(65)}`, undefined],
  ])("on %s", (text, expected) => {
    expect(quickScanJsonKeys(text, JSON.parse(text), "t")).toEqual(expected);
    // Where it answers, it answers as the full scan does.
    if (expected !== undefined) expect(scanJsonKeys(text, "t")).toEqual(expected);
  });
});
