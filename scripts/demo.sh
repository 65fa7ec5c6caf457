#!/usr/bin/env bash
# `npm run demo`: everything Pilot needs, on a bare Debian machine with Node 20 and npm.
# Installs what is missing, builds the app, then hands over to scripts/demo.ts, which
# starts nats-server, the app and the demo publisher.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "› installing npm dependencies (npm install)…"
  JOBS=max npm install --no-audit --no-fund
fi

if [ "${PILOT_SKIP_BUILD:-0}" != "1" ]; then
  echo "› building the app (next build)…"
  npx next build >/tmp/pilot-demo-build.log 2>&1 || { tail -40 /tmp/pilot-demo-build.log; exit 1; }
fi

exec npx tsx scripts/demo.ts "$@"
