import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it, vi } from "vitest";
import { openAuthDb } from "./auth-db";

const root = mkdtempSync(path.join(tmpdir(), "pilot-authdb-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

it("creates the accounts database 600 in a directory 700, whatever the umask", () => {
  const old = process.umask(0o022);
  try {
    const file = path.join(root, "fresh", "data", "auth.sqlite");
    const db = openAuthDb(file);
    db.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
    expect([mode(path.dirname(file)), mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(["700", "600", "600", "600"]);
    db.close();
  } finally {
    process.umask(old);
  }
});

it("tightens a database and directory an older Pilot left readable by others", () => {
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  const dir = path.join(root, "old");
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  const file = path.join(dir, "auth.sqlite");
  openAuthDb(file).close();
  chmodSync(file, 0o644);
  writeFileSync(`${file}-wal`, "");
  chmodSync(`${file}-wal`, 0o644);
  openAuthDb(file).close();
  expect([mode(dir), mode(file)]).toEqual(["700", "600"]);
});
