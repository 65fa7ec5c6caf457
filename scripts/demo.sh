#!/usr/bin/env bash
# `npm run demo`: everything Pilot needs, on a bare Debian machine with Node 20 and npm.
# Installs what is missing, builds the app, then hands over to scripts/demo.ts, which
# starts nats-server, the app and the demo publisher.
set -euo pipefail
cd "$(dirname "$0")/.."

native_ok() { node -e "new (require('better-sqlite3'))(':memory:').close()" >/dev/null 2>&1; }

rebuild_pid=""
if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "› installing npm dependencies (npm install)…"
  # Install scripts run afterwards, beside the app build: compiling SQLite for
  # better-sqlite3 takes a core for 1–2 minutes, and `next build` does not need it.
  npm install --ignore-scripts --no-audit --no-fund
  echo "› compiling native modules (npm rebuild, beside the build)…"
  JOBS=max npm rebuild >/tmp/pilot-demo-rebuild.log 2>&1 &
  rebuild_pid=$!
elif ! native_ok; then
  echo "› compiling better-sqlite3 (npm rebuild better-sqlite3)…"
  JOBS=max npm rebuild better-sqlite3 >/tmp/pilot-demo-rebuild.log 2>&1 &
  rebuild_pid=$!
fi

if [ "${PILOT_SKIP_BUILD:-0}" != "1" ]; then
  echo "› building the app (next build)…"
  npx next build >/tmp/pilot-demo-build.log 2>&1 || { tail -40 /tmp/pilot-demo-build.log; exit 1; }
fi

if [ -n "$rebuild_pid" ]; then
  wait "$rebuild_pid" || { tail -40 /tmp/pilot-demo-rebuild.log; exit 1; }
  native_ok || { echo "better-sqlite3 did not load after npm rebuild:"; tail -40 /tmp/pilot-demo-rebuild.log; exit 1; }
fi

exec npx tsx scripts/demo.ts "$@"
