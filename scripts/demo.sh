#!/usr/bin/env bash
# `npm run demo`: everything Pilot needs, on a bare Debian machine with Node 20 and npm.
# Installs what is missing, builds the app, then hands over to scripts/demo.ts, which
# starts nats-server, the app and the demo publisher.
set -euo pipefail
cd "$(dirname "$0")/.."

native_ok() { node -e "new (require('better-sqlite3'))(':memory:').close()" >/dev/null 2>&1; }

# SQLite for better-sqlite3 is one large C file that takes a core for a minute or more, and
# nothing before the app's start needs it. On a fresh clone it is compiled at once, from the
# locked version's own package (npm pack, from npm's cache when it is there), beside
# `npm install` and `next build`; the result is put in place after the install.
compile_sqlite_early() {
  local dir=$1 version
  version=$(node -p 'require("./package-lock.json").packages["node_modules/better-sqlite3"].version') &&
    (cd "$dir" && npm pack "better-sqlite3@$version" --silent >/dev/null && tar xzf "better-sqlite3-$version.tgz" &&
      cd package && JOBS=max npm run install --ignore-scripts=false)
}

rebuild_pid=""
early_dir=""
if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  early_dir=$(mktemp -d /tmp/pilot-sqlite.XXXXXX)
  echo "› compiling SQLite for better-sqlite3 (beside the install and the build)…"
  compile_sqlite_early "$early_dir" >/tmp/pilot-demo-rebuild.log 2>&1 &
  rebuild_pid=$!
  echo "› installing npm dependencies (npm install)…"
  npm install --ignore-scripts --no-audit --no-fund
  # The other install script (esbuild's check of its binary) is quick.
  npm rebuild esbuild >/dev/null 2>&1 || true
elif ! native_ok; then
  echo "› compiling better-sqlite3 (npm rebuild better-sqlite3)…"
  JOBS=max npm rebuild better-sqlite3 >/tmp/pilot-demo-rebuild.log 2>&1 &
  rebuild_pid=$!
fi

if [ "${PILOT_SKIP_BUILD:-0}" != "1" ]; then
  echo "› building the app (next build)…"
  # Without its type check (34 s on two cores, beside the compile): `npm test` and
  # `npm run typecheck` run it.
  PILOT_BUILD_SKIP_TYPECHECK=1 npx next build >/tmp/pilot-demo-build.log 2>&1 || { tail -40 /tmp/pilot-demo-build.log; exit 1; }
fi

if [ -n "$rebuild_pid" ]; then
  if wait "$rebuild_pid" && [ -n "$early_dir" ]; then
    mkdir -p node_modules/better-sqlite3/build/Release
    cp "$early_dir/package/build/Release/better_sqlite3.node" node_modules/better-sqlite3/build/Release/ || true
  fi
  [ -n "$early_dir" ] && rm -rf "$early_dir"
  if ! native_ok; then
    echo "› compiling better-sqlite3 (npm rebuild better-sqlite3)…"
    JOBS=max npm rebuild better-sqlite3 >>/tmp/pilot-demo-rebuild.log 2>&1 || true
  fi
  native_ok || { echo "better-sqlite3 did not load after npm rebuild:"; tail -40 /tmp/pilot-demo-rebuild.log; exit 1; }
fi

exec npx tsx scripts/demo.ts "$@"
