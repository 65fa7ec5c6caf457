/**
 * Vitest and Playwright refuse to start on a Node older than 24, with the way out, instead
 * of failing later and obscurely (better-sqlite3 13 crashes on Node 20; zlib's zstd and
 * JSON.parse's source text are missing there). `npm test`, `npm run demo` and `.ci/run`
 * provision Node 24 themselves; running Vitest or Playwright directly is what this catches.
 */
export const REQUIRED_NODE_MAJOR = 24;

export function nodeVersionProblem(version: string = process.versions.node): string | null {
  const major = Number(version.split(".")[0]);
  if (major >= REQUIRED_NODE_MAJOR) return null;
  return (
    `Pilot needs Node ${REQUIRED_NODE_MAJOR} or later; this is Node ${version}. ` +
    "Run `npm test` (it brings Node 24 from the npm registry when the machine's is older), " +
    "or put it on PATH in this shell first: `source scripts/node24.sh`."
  );
}

export function assertSupportedNode(): void {
  const problem = nodeVersionProblem();
  if (problem) throw new Error(problem);
}
