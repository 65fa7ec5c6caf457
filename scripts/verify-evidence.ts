// Checks a Pilot evidence bundle offline: `npm run verify-evidence -- FILE [--key KEY]`.
// Bundled into scripts/standalone/verify-evidence.mjs by `npm run build:verifier`.
import { runVerifyCli } from "../lib/evidence/verify-cli";

process.exitCode = runVerifyCli(process.argv.slice(2));
