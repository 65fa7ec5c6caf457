// Writes scripts/standalone/verify-evidence.mjs: the offline verifier as one file.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildStandaloneVerifier, STANDALONE_VERIFIER } from "../lib/evidence/build-verifier";

const text = await buildStandaloneVerifier();
mkdirSync(path.dirname(STANDALONE_VERIFIER), { recursive: true });
writeFileSync(STANDALONE_VERIFIER, text, { mode: 0o755 });
console.log(`${STANDALONE_VERIFIER}: ${text.length} bytes`);
