import { generateKeyPairSync, verify, createPublicKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSettings } from "../env";
import { ED25519_SPKI_PREFIX, keyFingerprint } from "./format";
import { loadPilotKey } from "./pilot-key";

const dir = mkdtempSync(path.join(tmpdir(), "pilot-key-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("Pilot's evidence key", () => {
  it("is generated once in the data directory, mode 0600, and read back the same", () => {
    const file = path.join(dir, "data", "evidence-key.pem");
    const a = loadPilotKey(file, false);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const b = loadPilotKey(file, false);
    expect(b.publicKey).toBe(a.publicKey);
    expect(a.fingerprint).toBe(keyFingerprint(Buffer.from(a.publicKey, "base64")));
    const message = Buffer.from("manifest");
    const publicKey = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(a.publicKey, "base64")]), format: "der", type: "spki" });
    expect(verify(null, message, publicKey, b.sign(message))).toBe(true);
  });

  it("is taken from PILOT_EVIDENCE_KEY_FILE when set, so that replicas share it", () => {
    const file = path.join(dir, "shared.pem");
    writeFileSync(file, generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }));
    const settings = loadSettings({ NODE_ENV: "test" as const, PILOT_DATA_DIR: path.join(dir, "replica"), PILOT_EVIDENCE_KEY_FILE: file, NATS_PASSWORD: "p".repeat(20), NATS_VIEWER_PASSWORD: "v".repeat(20), NATS_PUBLISHER_PASSWORD: "q".repeat(20), PILOT_NATS_AUTH: "password" });
    expect(settings.evidence).toEqual({ keyFile: file, configured: true });
    const one = loadPilotKey(settings.evidence.keyFile, true);
    const two = loadPilotKey(file, true);
    expect(one.publicKey).toBe(two.publicKey);
  });

  it("refuses a configured file that is missing or not an Ed25519 key, naming the variable", () => {
    expect(() => loadPilotKey(path.join(dir, "nowhere.pem"), true)).toThrow(/PILOT_EVIDENCE_KEY_FILE: .*nowhere\.pem does not exist/);
    const rsa = path.join(dir, "rsa.pem");
    writeFileSync(rsa, generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ format: "pem", type: "pkcs8" }));
    expect(() => loadPilotKey(rsa, true)).toThrow(/PILOT_EVIDENCE_KEY_FILE: .*holds a rsa key/);
    const junk = path.join(dir, "junk.pem");
    writeFileSync(junk, "not a key");
    expect(() => loadPilotKey(junk, true)).toThrow(/PILOT_EVIDENCE_KEY_FILE: .*PKCS#8 PEM/);
    expect(readFileSync(junk, "utf8")).toBe("not a key");
  });
});
