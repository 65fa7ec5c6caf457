#!/usr/bin/env bash
# `npm test`: lint, typecheck, unit and end-to-end tests, on Node 24 whatever Node ran npm.
# npm runs this script with the Node it was started by; scripts/node24.sh puts Node 24 first
# on PATH (provisioning it once from the npm registry when the machine's is older), so the
# npm runs below, and Vitest, Playwright and the app they start, all run on it.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/node24.sh

if [ ! -d node_modules ]; then
  echo "› npm install"
  npm install --no-audit --no-fund
fi

npm run lint
npm run typecheck
npm run test:unit
npm run test:e2e
