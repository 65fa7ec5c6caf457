import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { MEMBERS, type RecordLine } from "@/lib/evidence/format";
import { loadPilotKey, type PilotKey } from "@/lib/evidence/pilot-key";
import { parseRecordLine } from "@/lib/evidence/shapes";
import { listTar, tarHeader, tarPadding, TAR_END, type TarMember } from "@/lib/evidence/tar";
import { verifyBundle, type VerifyReport } from "@/lib/evidence/verify";
import { applyInBatches, demoRecords, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import { handleEvidenceExport } from "./evidence-export";

/*
 * A bundle really exported (demo traffic ingested into a real index, the export handler,
 * the tar it streams), shared by the evidence tests of one file, with the helpers that
 * take it apart and put changed copies of it together again.
 */
export const DEMO_MESSAGES = 24_000;

/** A tar of these members (name, bytes), as the writer lays one out. */
export function tarOf(files: [string, Buffer][]): Buffer {
  const parts: Buffer[] = [];
  for (const [name, b] of files) parts.push(tarHeader(name, b.length, 0), b, tarPadding(b.length));
  parts.push(TAR_END);
  return Buffer.concat(parts);
}

/** The bundle and its surroundings; filled in by the file's beforeAll (exportedBundleFixture). */
export class ExportedBundle {
  ts!: TempStore;
  dir!: string;
  key!: PilotKey;
  bundle!: Buffer;
  bundleFile!: string;
  members!: TarMember[];

  exportBundle(query: string): Promise<Response> {
    return handleEvidenceExport(this.ts.store, new URL(`http://pilot.test/api/evidence?${query}`), {
      signer: this.key,
      pilot: { name: "pilot-dashboard", version: "test" },
      who: "auditor-1",
      now: Date.UTC(2026, 11, 6, 12),
      tmpDir: this.dir,
    });
  }

  /** Verifies changed bytes as a file, against `expectedKey` when given. */
  verifyBytes(bytes: Buffer, expectedKey?: string): VerifyReport {
    const file = path.join(this.dir, "changed.tar");
    writeFileSync(file, bytes);
    return verifyBundle(file, expectedKey === undefined ? {} : { expectedKey });
  }

  member(name: string): TarMember {
    const m = this.members.find((x) => x.name === name);
    if (!m) throw new Error(`no ${name}`);
    return m;
  }

  recordLines(): RecordLine[] {
    const m = this.member(MEMBERS.records);
    return this.bundle
      .subarray(m.offset, m.offset + m.size)
      .toString("utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => parseRecordLine(JSON.parse(l)));
  }

  /** Every member's name and bytes, in order. */
  filesOf(): [string, Buffer][] {
    return this.members.map((m) => [m.name, Buffer.from(this.bundle.subarray(m.offset, m.offset + m.size))]);
  }
}

/** Exports the bundle of `source=audit` before the file's tests, removes it all after. */
export function exportedBundleFixture(): ExportedBundle {
  const b = new ExportedBundle();
  beforeAll(async () => {
    b.ts = tempStore();
    b.dir = mkdtempSync(path.join(tmpdir(), "pilot-evidence-test-"));
    b.key = loadPilotKey(path.join(b.dir, "keys", "evidence-key.pem"), false);
    const { records } = demoRecords(DEMO_MESSAGES);
    applyInBatches(b.ts.store, records);
    const res = await b.exportBundle("source=audit");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-tar");
    b.bundle = Buffer.from(await res.arrayBuffer());
    expect(b.bundle.length).toBe(Number(res.headers.get("content-length")));
    b.bundleFile = path.join(b.dir, "bundle.tar");
    writeFileSync(b.bundleFile, b.bundle);
    const fd = openSync(b.bundleFile, "r");
    b.members = listTar(fd, b.bundle.length);
    closeSync(fd);
  }, 240_000);

  afterAll(() => {
    // Set in beforeAll, which may have failed before it got that far.
    if (b.ts !== undefined) b.ts.cleanup();
    if (b.dir !== undefined) rmSync(b.dir, { recursive: true, force: true });
  });
  return b;
}
