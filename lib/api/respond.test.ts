import Database from "better-sqlite3";
import { afterEach, expect, it, vi } from "vitest";
import { z } from "zod";
import { guarded } from "./respond";

afterEach(() => vi.restoreAllMocks());

it("answers a failed query with a generic 500 and an error id, the SQLite text only in the server log", async () => {
  const logged: unknown[][] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args));
  const db = new Database(":memory:");
  const res = guarded(() => Response.json(db.prepare("SELECT secret_column FROM intents WHERE id = ?").get(1)));
  expect(res.status).toBe(500);
  const text = await res.text();
  for (const leak of ["SQLITE", "no such table", "intents", "secret_column"]) expect(text).not.toContain(leak);
  const body: unknown = JSON.parse(text);
  expect(body).toMatchObject({ error: expect.stringMatching(/could not answer/), errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  const id = z.object({ errorId: z.string() }).parse(body).errorId;
  const line = logged.map((args) => args.map(String).join(" ")).find((l) => l.includes(id));
  expect(line).toContain("no such table: intents");
});
