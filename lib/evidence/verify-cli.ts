import { existsSync } from "node:fs";
import { verifyBundle, type VerifyReport } from "./verify";

/*
 * `npm run verify-evidence -- FILE [--key KEY]`, and the same as one standalone file
 * (scripts/standalone/verify-evidence.mjs, `node verify-evidence.mjs FILE`). Exit 0 when
 * every check passes, 1 when any fails (each named), 2 when it was called wrongly.
 */
const USAGE = `usage: verify-evidence FILE.tar [--key KEY]
  KEY: Pilot's evidence public key (base64) or its fingerprint (SHA256:…), from Pilot's
       Health page. Without it the signature is checked against the key inside the
       bundle, whose fingerprint is printed for you to compare.`;

export function parseArgs(argv: readonly string[]): { file: string; key?: string } | string {
  let file: string | undefined;
  let key: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--key") {
      key = argv[++i];
      if (key === undefined || key === "") return "--key needs a value";
    } else if (a.startsWith("--key=")) key = a.slice("--key=".length);
    else if (a === "-h" || a === "--help") return "";
    else if (a.startsWith("-")) return `unknown option ${a}`;
    else if (file === undefined) file = a;
    else return `one file at a time (got ${file} and ${a})`;
  }
  if (file === undefined) return "no bundle file given";
  return key === undefined ? { file } : { file, key };
}

export function formatReport(file: string, r: VerifyReport, keyGiven: boolean): string {
  const out: string[] = [`Pilot evidence bundle ${file}`];
  if (r.fingerprint) {
    out.push(`  signed by Pilot key ${r.fingerprint} (${r.publicKey ?? "?"})`);
    if (!keyGiven) out.push("  key not pinned: compare this fingerprint with Pilot's Health page, or pass --key");
  }
  const m = r.manifest;
  if (m) {
    out.push(`  ${m.pilot.name} ${m.pilot.version}, exported by ${m.exportedBy} at ${m.createdAt}`);
    const params = new URLSearchParams(m.query.params).toString();
    out.push(`  query: ${m.query.source}${params ? ` ?${params}` : ""}; range ${m.range.from ?? "(open)"} .. ${m.range.to ?? "(open)"}`);
  }
  const i = r.intents;
  out.push(`  ${r.records} records, ${i.valid + i.invalid + i.unsigned} intents (${i.valid} valid signatures, ${i.invalid} invalid, ${i.unsigned} unsigned)`);
  if (r.ok) {
    out.push("OK: Pilot's signature, every file's hash, every record's hash and chain link and every intent's signature check.");
  } else {
    out.push(`FAILED: ${r.failures.length + r.moreFailures} check(s) failed`);
    for (const f of r.failures) out.push(`  ${f.where}: ${f.check}: ${f.detail}`);
    if (r.moreFailures > 0) out.push(`  … and ${r.moreFailures} more`);
  }
  return out.join("\n");
}

export function runVerifyCli(argv: readonly string[], write: (text: string) => void = (t) => console.log(t)): number {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    write(args === "" ? USAGE : `${args}\n${USAGE}`);
    return args === "" ? 0 : 2;
  }
  if (!existsSync(args.file)) {
    write(`${args.file}: no such file`);
    return 2;
  }
  const report = verifyBundle(args.file, args.key === undefined ? {} : { expectedKey: args.key });
  write(formatReport(args.file, report, args.key !== undefined));
  return report.ok ? 0 : 1;
}
