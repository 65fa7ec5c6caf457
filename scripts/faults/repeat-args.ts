/** `npm run test:faults:repeat -- --repeat N --busy [vitest args…]`, parsed. */
export interface RepeatArgs {
  repeat: number;
  busy: boolean;
  /** Passed on to vitest (a file, `-t name`, …). */
  rest: string[];
}

export function parseRepeatArgs(argv: readonly string[]): RepeatArgs {
  const out: RepeatArgs = { repeat: 10, busy: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--busy") out.busy = true;
    else if (a === "--repeat" || a.startsWith("--repeat=")) {
      const value = a.includes("=") ? a.slice("--repeat=".length) : argv[++i];
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`--repeat takes a whole number of runs (got ${String(value)})`);
      out.repeat = n;
    } else out.rest.push(a);
  }
  return out;
}

/** The closing lines: one per run, then the counts. */
export function summary(
  runs: readonly { ok: boolean; seconds: number; failed: string[] }[],
  busy: boolean,
): string[] {
  const lines = runs.map(
    (r, i) =>
      `run ${i + 1}/${runs.length}: ${r.ok ? "PASS" : "FAIL"} in ${r.seconds} s${r.failed.length ? ` — ${r.failed.join("; ")}` : ""}`,
  );
  const passed = runs.filter((r) => r.ok).length;
  lines.push(
    `fault suite ×${runs.length}${busy ? " with one core kept busy" : ""}: ${passed} of ${runs.length} passed`,
  );
  lines.push(`${passed} passed, ${runs.length - passed} failed`);
  return lines;
}
