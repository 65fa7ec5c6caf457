#!/usr/bin/env bash
# `npm run demo`: everything Pilot needs, on a bare Debian machine with npm and any Node
# (Node 24 is provisioned from the npm registry when the machine's is older). Installs what
# is missing, builds the app, then hands over to scripts/demo.ts, which starts nats-server,
# the app and the demo publisher.
set -euo pipefail
cd "$(dirname "$0")/.."

# From here on `node`, `npm` and `npx` are Node 24's (scripts/node24.sh says which).
source scripts/node24.sh

# better-sqlite3 13 ships its SQLite compiled for every platform (a Node-API addon, so one
# binary serves every Node from 22 on): nothing to compile, whatever Node installed it.
if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "› installing npm dependencies (npm install)…"
  npm install --no-audit --no-fund
fi

if [ "${PILOT_SKIP_BUILD:-0}" != "1" ]; then
  echo "› building the app (next build)…"
  # Without its type check (34 s on two cores): `npm test` and `npm run typecheck` run it.
  PILOT_BUILD_SKIP_TYPECHECK=1 npx next build >/tmp/pilot-demo-build.log 2>&1 || { tail -40 /tmp/pilot-demo-build.log; exit 1; }
fi

exec npx tsx scripts/demo.ts "$@"
