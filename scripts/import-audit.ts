// `npm run import-audit -- [options] <files or directories>`: load executors' on-disk audit
// logs (daily JSONL, plain or zstd) into the index, so history that never went through NATS
// is searchable. Idempotent. Exit 0 when the import ran to its end (bad lines included),
// 1 when the index failed, 2 when it refused to start. Run with
// `node --conditions=react-server --import tsx`.
import { parseArgs } from "node:util";
import { loadSettings } from "../lib/env";
import { listAuditFiles } from "../lib/ingest/audit-file-list";
import { DEFAULT_EXECUTOR_ID, importAuditFiles } from "../lib/ingest/import-audit-files";
import { openStore } from "../lib/store";
import { createBadLineLog, formatImportReport, LISTED_BAD_LINES } from "./import/report";
import { createProgressBar } from "./ingest/progress-bar";

const USAGE = `usage: npm run import-audit -- [options] <file or directory>...
  Reads *.jsonl, *.log, *.jsonl.zst and *.log.zst (a directory's other files are skipped).
  --executor ID   the executor the files came from (default "${DEFAULT_EXECUTOR_ID}"); importing
                  the same files under another id imports them again
  --report FILE   write every bad line there (default: a file in the current directory,
                  only when more than ${LISTED_BAD_LINES} lines are bad)
  --index FILE    the index to load (default: PILOT_INDEX_PATH, else <PILOT_DATA_DIR>/index.sqlite)`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        executor: { type: "string" },
        report: { type: "string" },
        index: { type: "string" },
        help: { type: "boolean" },
      },
    });
  } catch (error) {
    console.error(`import-audit: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.positionals.length === 0) {
    console.error(`import-audit: name at least one file or directory\n${USAGE}`);
    return 2;
  }
  const executorId = args.values.executor ?? DEFAULT_EXECUTOR_ID;
  if (executorId.trim() === "" || executorId.length > 300) {
    console.error("import-audit: --executor must be 1 to 300 characters");
    return 2;
  }
  const list = await listAuditFiles(args.positionals);
  if (list.refused.length > 0) {
    for (const r of list.refused) console.error(`import-audit: ${r.path}: ${r.reason}`);
    console.error("import-audit: nothing imported");
    return 2;
  }
  for (const s of list.skipped) console.error(`skipped ${s.path}: ${s.reason}`);
  if (list.files.length === 0) {
    console.error("import-audit: no audit file to import");
    return 2;
  }

  const indexPath = args.values.index ?? loadSettings().index.path;
  const store = openStore(indexPath);
  const badLog = createBadLineLog(args.values.report);
  const total = list.files.reduce((n, f) => n + f.size, 0);
  const bar = createProgressBar(total, process.stderr, "B");
  try {
    const report = await importAuditFiles({
      store,
      files: list.files,
      executorId,
      listLimit: LISTED_BAD_LINES,
      onBytes: (n) => bar.add(n),
      onBad: badLog.add,
    });
    bar.finish();
    const reportFile = badLog.close();
    console.log(formatImportReport(report, { index: indexPath, executorId, reportFile, skipped: list.skipped.length }));
    return 0;
  } catch (error) {
    bar.finish();
    badLog.close();
    console.error(`import-audit: the index failed, the import stopped: ${error instanceof Error ? error.message : String(error)}`);
    console.error("import-audit: batches committed before the failure stay; run the import again to finish it");
    return 1;
  } finally {
    store.close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`import-audit: ${err instanceof Error ? err.message : String(err)}`);
  return 1;
});
