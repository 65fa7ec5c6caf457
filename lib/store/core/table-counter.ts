import "server-only";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { z } from "zod";
import { DATA_TABLES } from "./migrations";

/*
 * The index's row counts for the Health page, counted on a thread of their own over a
 * read-only connection. `count(*)` reads a whole index of each table: ~90 ms for 200k
 * messages, growing with the index, and on the server's thread it would hold ingest and
 * every request for that long each time a Health page polls (every 2 s). WAL lets this
 * connection read beside ingest's writes.
 */

const SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
let db = null;
parentPort.on("message", (tables) => {
  try {
    db ??= new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: 5000 });
    // One snapshot for every table.
    const read = db.transaction(() =>
      Object.fromEntries(tables.map((t) => [t, db.prepare("SELECT count(*) AS n FROM " + t).get().n])),
    );
    const began = performance.now();
    const counts = read();
    parentPort.postMessage({ ok: true, tables: counts, ms: performance.now() - began });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String((error && error.message) || error) });
  }
});
`;

const answerSchema = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    tables: z.record(z.string(), z.number().int().nonnegative()),
    /** The count's own duration (the thread's start and the file's opening aside). */
    ms: z.number().nonnegative(),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

export interface TableCounts {
  tables: Record<string, number>;
  /** When the count was taken (epoch ms). */
  at: number;
}

/** Counts again at most this often. */
const MIN_GAP_MS = 2000;
/** Counts again only after this many times the last count's duration: at most 5% of a core. */
const COST_FACTOR = 20;
/** A count this fast is waited for, so that a small index shows its current rows. */
const WAIT_UNDER_MS = 50;

interface Waiting {
  resolve: (answer: { tables: Record<string, number>; ms: number }) => void;
  reject: (error: Error) => void;
}

export class TableCounter {
  readonly #file: string;
  #worker: Worker | null = null;
  #latest: TableCounts | null = null;
  /** The count in progress (one at a time) and who waits for the thread's answer. */
  #running: Promise<TableCounts> | null = null;
  #waiting: Waiting | null = null;
  #startedAt = 0;
  #costMs = 0;
  readonly #waitUnderMs: number;
  readonly #costFactor: number;

  /** `timing` exists for tests, whose counts must not depend on how busy the machine is. */
  constructor(file: string, timing: { waitUnderMs?: number; costFactor?: number } = {}) {
    this.#file = path.resolve(file);
    this.#waitUnderMs = timing.waitUnderMs ?? WAIT_UNDER_MS;
    this.#costFactor = timing.costFactor ?? COST_FACTOR;
  }

  /**
   * The latest counts. A new count starts when there is none or the last is old enough for
   * its cost; it is waited for when there is none yet or counting is quick, else the
   * previous one is returned (with its time) while it runs.
   */
  async read(now = Date.now()): Promise<TableCounts> {
    const gap = Math.max(MIN_GAP_MS, this.#costMs * this.#costFactor);
    const due = !this.#latest || now - this.#startedAt >= gap;
    const running = this.#running ?? (due ? this.#start(now) : null);
    if (this.#latest && (!running || this.#costMs >= this.#waitUnderMs)) return this.#latest;
    return running ?? this.#start(now);
  }

  close(): void {
    void this.#worker?.terminate();
    this.#worker = null;
  }

  #start(now: number): Promise<TableCounts> {
    this.#startedAt = now;
    const worker = (this.#worker ??= this.#spawn());
    const run = new Promise<{ tables: Record<string, number>; ms: number }>((resolve, reject) => {
      this.#waiting = { resolve, reject };
      worker.postMessage(DATA_TABLES);
    })
      .then(({ tables, ms }) => {
        this.#costMs = ms;
        this.#latest = { tables, at: Date.now() };
        return this.#latest;
      })
      .finally(() => {
        this.#running = null;
      });
    this.#running = run;
    // A refresh nobody waits for (the previous counts were answered) may fail unobserved.
    run.catch(() => undefined);
    return run;
  }

  /** Hands the thread's answer, or its end, to the count waiting for it. */
  #settle(outcome: { tables: Record<string, number>; ms: number } | Error): void {
    const waiting = this.#waiting;
    this.#waiting = null;
    if (outcome instanceof Error) waiting?.reject(outcome);
    else waiting?.resolve(outcome);
  }

  #spawn(): Worker {
    const require = createRequire(path.join(process.cwd(), "package.json"));
    const worker = new Worker(SOURCE, {
      eval: true,
      workerData: { driver: require.resolve("better-sqlite3"), file: this.#file },
    });
    worker.on("message", (message: unknown) => {
      const answer = answerSchema.safeParse(message);
      if (!answer.success) this.#settle(new Error("the row counter answered something else"));
      else if (answer.data.ok) this.#settle(answer.data);
      else this.#settle(new Error(answer.data.error));
    });
    const gone = (error: Error) => {
      if (this.#worker === worker) this.#worker = null;
      this.#settle(error);
    };
    worker.on("error", gone);
    worker.on("exit", (code) => gone(new Error(`the row counter stopped (exit ${code})`)));
    // Never keeps the process alive.
    worker.unref();
    return worker;
  }
}
