/**
 * `npm run test:faults:repeat -- --repeat N --busy [vitest args…]`: the fault suite N times
 * in a row, while (with --busy) another process keeps one core busy, as a shared CI
 * machine would. Prints pass/fail per run and a summary; each run's output is kept in
 * test-results/faults-repeat/. CI runs the suite once (`npm run test:faults`).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { parseRepeatArgs, summary } from "./faults/repeat-args";

const LOGS = path.join("test-results", "faults-repeat");

/** A busy loop in a process of its own: one core's worth of load. */
function burnOneCore(): ChildProcess {
  return spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
}

function runSuite(
  rest: readonly string[],
  log: string,
): Promise<{ code: number; failed: string[] }> {
  return new Promise((resolve) => {
    const out = createWriteStream(log);
    const child = spawn(
      process.execPath,
      ["node_modules/vitest/vitest.mjs", "run", "--config", "e2e/faults/vitest.config.ts", ...rest],
      {
        env: { ...process.env, PILOT_E2E_SKIP_BUILD: "1", FORCE_COLOR: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const failed = new Set<string>();
    const scan = (chunk: Buffer) => {
      out.write(chunk);
      process.stdout.write(chunk);
      for (const line of chunk.toString().split("\n")) {
        const m = /^\s*(?:×|✗|FAIL)\s+(.+?)\s*(?:\d+m?s)?$/.exec(line);
        if (m?.[1]) failed.add(m[1].trim());
      }
    };
    child.stdout.on("data", scan);
    child.stderr.on("data", scan);
    child.on("close", (code) => {
      out.end();
      resolve({ code: code ?? 1, failed: [...failed] });
    });
  });
}

async function main(): Promise<void> {
  const args = parseRepeatArgs(process.argv.slice(2));
  mkdirSync(LOGS, { recursive: true });
  if (process.env.PILOT_E2E_SKIP_BUILD !== "1") {
    const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      stdio: "inherit",
    });
    if (build.status !== 0) throw new Error(`next build failed (exit ${build.status})`);
  }
  const burner = args.busy ? burnOneCore() : null;
  const stopBurner = () => burner?.kill("SIGKILL");
  process.on("exit", stopBurner);
  const runs: { ok: boolean; seconds: number; failed: string[] }[] = [];
  try {
    for (let i = 1; i <= args.repeat; i++) {
      console.log(
        `\n=== fault suite run ${i}/${args.repeat}${args.busy ? " (one core kept busy)" : ""} ===`,
      );
      const started = Date.now();
      const { code, failed } = await runSuite(args.rest, path.join(LOGS, `run-${i}.log`));
      runs.push({ ok: code === 0, seconds: Math.round((Date.now() - started) / 1000), failed });
      console.log(
        `=== run ${i}/${args.repeat}: ${code === 0 ? "PASS" : `FAIL (exit ${code})`} ===`,
      );
    }
  } finally {
    stopBurner();
  }
  console.log(`\n${summary(runs, args.busy).join("\n")}\n(logs in ${LOGS}/)`);
  process.exitCode = runs.every((r) => r.ok) ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 2;
});
