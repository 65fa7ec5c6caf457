import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyFingerprint, MEMBERS } from "@/lib/evidence/format";
import { tarOf, exportedBundleFixture } from "./test-evidence-bundle";

/*
 * Every way of changing an exported bundle that the issue names, each named by the
 * verifier: one byte flipped anywhere in every file, a record dropped, records reordered,
 * the manifest re-signed with another key.
 */
const ev = exportedBundleFixture();

describe("a changed evidence bundle", () => {
  it("names the file, and the record, when any one byte of any file is flipped", () => {
    const lines = ev.recordLines();
    for (const m of ev.members) {
      // Header bytes (name, size, checksum) and data: first, last, middle and a few spread.
      // A header byte (the size field), and data: first, last, middle and one more spread.
      const positions = new Set([
        m.headerOffset + 124 + 5,
        m.offset, m.offset + m.size - 1, m.offset + Math.floor(m.size / 2), m.offset + Math.floor(m.size / 7),
      ]);
      for (const pos of positions) {
        const changed = Buffer.from(ev.bundle);
        changed[pos] = (changed[pos] ?? 0) ^ 0x01;
        const report = ev.verifyBytes(changed);
        const where = `${m.name} byte ${pos - m.offset}`;
        expect(report.ok, where).toBe(false);
        const named = report.failures.map((f) => `${f.where}: ${f.check}`);
        if (pos < m.offset) {
          expect(named, where).toContainEqual(expect.stringMatching(/^\(tar\): container/));
          continue;
        }
        switch (m.name) {
          case MEMBERS.manifest:
            // Signed bytes: the signature fails, or the JSON no longer reads.
            expect(named.some((n) => n.startsWith("manifest.json")), where).toBe(true);
            break;
          case MEMBERS.signature:
            expect(named.some((n) => n.startsWith("signature.json") || n === "manifest.json: signature"), where).toBe(true);
            break;
          case MEMBERS.messages: {
            expect(named, where).toContain("messages.bin: file hash");
            const at = pos - m.offset;
            const hit = lines.find((l) => l.offset <= at && at < l.offset + l.length);
            expect(named, where).toContain(`record ${hit?.n} (${hit?.stream} #${hit?.seq}): payload hash`);
            break;
          }
          default:
            expect(named, where).toContain(`${m.name}: file hash`);
        }
      }
    }
  }, 240_000);

  it("names the place a record was dropped, and the count and chain head", () => {
    const lines = ev.recordLines();
    const drop = lines[Math.floor(lines.length / 3)];
    if (!drop) throw new Error("no record");
    const files = ev.filesOf().map(([name, b]): [string, Buffer] => {
      if (name === MEMBERS.records) {
        // The records after it point at their bytes' new places, as a careful forger would.
        const kept = lines
          .filter((l) => l.n !== drop.n)
          .map((l) => JSON.stringify(l.n > drop.n ? { ...l, offset: l.offset - drop.length } : l));
        return [name, Buffer.from(kept.map((l) => `${l}\n`).join(""))];
      }
      if (name === MEMBERS.messages) return [name, Buffer.concat([b.subarray(0, drop.offset), b.subarray(drop.offset + drop.length)])];
      return [name, b];
    });
    const report = ev.verifyBytes(tarOf(files));
    expect(report.ok).toBe(false);
    const named = report.failures.map((f) => `${f.where}: ${f.check}`);
    const next = lines[drop.n]; // the record after the dropped one (n is 1-based)
    expect(named).toContain(`record ${next?.n} (${next?.stream} #${next?.seq}): chain`);
    expect(named).toContain(`record ${next?.n} (${next?.stream} #${next?.seq}): position`);
    expect(named).toContain("records.jsonl: count");
    expect(named).toContain("records.jsonl: file hash");
    expect(named).toContain("messages.bin: file hash");
    // Only the gap is named: every other record still checks.
    expect(named.filter((n) => n.startsWith("record "))).toHaveLength(2);
  });

  it("names records put out of order", () => {
    const lines = ev.recordLines();
    const k = Math.floor(lines.length / 2);
    const text = ev.bundle.subarray(ev.member(MEMBERS.records).offset, ev.member(MEMBERS.records).offset + ev.member(MEMBERS.records).size).toString("utf8").split("\n");
    [text[k], text[k + 1]] = [text[k + 1] ?? "", text[k] ?? ""];
    const files = ev.filesOf().map(([name, b]): [string, Buffer] => (name === MEMBERS.records ? [name, Buffer.from(text.join("\n"))] : [name, b]));
    const report = ev.verifyBytes(tarOf(files));
    expect(report.ok).toBe(false);
    const a = lines[k + 1];
    const named = report.failures.map((f) => `${f.where}: ${f.check}`);
    expect(named).toContain(`record ${a?.n} (${a?.stream} #${a?.seq}): position`);
    expect(named).toContain(`record ${a?.n} (${a?.stream} #${a?.seq}): chain`);
    expect(named.some((n) => n.endsWith(": stream order"))).toBe(true);
  });

  it("names a manifest re-signed with another key", () => {
    const other = generateKeyPairSync("ed25519");
    const otherRaw = Buffer.from(other.publicKey.export({ format: "jwk" }).x ?? "", "base64url");
    const files = ev.filesOf();
    const manifest = JSON.parse((files[0]?.[1] ?? Buffer.alloc(0)).toString("utf8"));
    const forged = Buffer.from(`${JSON.stringify({ ...manifest, exportedBy: "someone-else", publicKey: otherRaw.toString("base64") }, null, 2)}\n`);
    const sig = Buffer.from(`${JSON.stringify({ algorithm: "Ed25519", publicKey: otherRaw.toString("base64"), fingerprint: keyFingerprint(otherRaw), signature: sign(null, forged, other.privateKey).toString("base64") }, null, 2)}\n`);
    const resigned = tarOf(files.map(([name, b]): [string, Buffer] => [name, name === MEMBERS.manifest ? forged : name === MEMBERS.signature ? sig : b]));
    // Against the key the Health page shows (either form), the forgery is named…
    for (const expected of [ev.key.publicKey, ev.key.fingerprint]) {
      const report = ev.verifyBytes(resigned, expected);
      expect(report.ok).toBe(false);
      expect(report.failures).toContainEqual(expect.objectContaining({ where: "signature.json", check: "key" }));
      expect(report.failures.find((f) => f.check === "key")?.detail).toContain(keyFingerprint(otherRaw));
    }
    // …and the key it was signed with is what the report shows, for a reader to compare.
    expect(ev.verifyBytes(resigned).fingerprint).toBe(keyFingerprint(otherRaw));
    // A new signature under the original key's name does not verify at all.
    const keepKey = Buffer.from(`${JSON.stringify({ algorithm: "Ed25519", publicKey: ev.key.publicKey, fingerprint: ev.key.fingerprint, signature: sign(null, forged, other.privateKey).toString("base64") }, null, 2)}\n`);
    const report = ev.verifyBytes(tarOf(files.map(([name, b]): [string, Buffer] => [name, name === MEMBERS.manifest ? forged : name === MEMBERS.signature ? keepKey : b])));
    expect(report.failures).toContainEqual(expect.objectContaining({ where: "manifest.json", check: "signature" }));
  });
});
