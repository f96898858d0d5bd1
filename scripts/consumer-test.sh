#!/usr/bin/env bash
# The consumer test: build, `npm pack` every package, install the tarballs into a fresh project
# outside the repository, and use them as a user would:
#   (a) plain JavaScript: 50 trials of regularized evolution into SQLite, the best trial decoded,
#       and the README's install snippet run as written;
#   (b) a strict TypeScript consumer type-checks with moduleResolution "nodenext";
#   (c) `npx tsglove --help` and a short `npx tsglove search`;
#   (d) @tsglove/train's wasm backend and a TrialPool worker thread from the compiled files.
# It prints the size of an install of only @tsglove/symbolic + @tsglove/search.
# Usage: scripts/consumer-test.sh [workdir]   (default: a fresh temporary folder, removed on success)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /tmp/tsglove-consumer.XXXXXX)}
mkdir -p "$work/tarballs" "$work/app"
step() { printf '\n== consumer test: %s\n' "$*"; }
expect() { grep -q -- "$1" <<<"$2" || { echo "expected '$1' in:"; echo "$2"; exit 1; }; }

step "build and pack"
cd "$root"
rm -rf packages/*/dist   # a fresh build: no stale output of deleted sources gets packed
npm run -s build
for p in symbolic hwsim search models train nas methods cli; do
  npm pack --ignore-scripts --silent --pack-destination "$work/tarballs" -w "packages/$p" >/dev/null
done
ls -l "$work/tarballs"
tgz() { ls "$work/tarballs"/tsglove-"$1"-*.tgz; }

cd "$work/app"
cp "$root"/scripts/consumer/{run.mjs,train.mjs,space.mjs,consumer.ts,consumer-ml.ts,tsconfig.json,tsconfig.ml.json} .
printf '{ "name": "tsglove-consumer", "private": true, "type": "module" }\n' > package.json

step "install @tsglove/symbolic + @tsglove/search only"
npm install --no-audit --no-fund --loglevel=error "$(tgz symbolic)" "$(tgz search)"
size_kib=$(du -sk node_modules | cut -f1)
echo "install size (symbolic + search): $((size_kib / 1024)) MiB ($(ls node_modules | wc -l) top-level packages)"
[ ! -d node_modules/pg ] || { echo "pg was installed, but it is an optional peer"; exit 1; }
[ ! -d node_modules/@tensorflow ] || { echo "tfjs was installed with symbolic + search"; exit 1; }

step "(a) plain JavaScript: 50 trials of regularized evolution into SQLite"
out=$(node run.mjs "$work/app/consumer.db")
echo "$out"
expect "trials 50 completed 50" "$out"
expect "best example Layer(width=" "$out"
expect "npm install pg" "$out"

step "(a') the README's install snippet, as written"
awk '/^\/\/ search.mjs/{on=1} on&&/^```/{exit} on' "$root/README.md" > search.mjs
[ -s search.mjs ] || { echo "README.md has no '// search.mjs' snippet"; exit 1; }
out=$(node search.mjs)
echo "$out"
expect "reward" "$out"

step "install the other packages, typescript and @types/node"
npm install --no-audit --no-fund --loglevel=error "$(tgz symbolic)" "$(tgz search)" "$(tgz hwsim)" "$(tgz models)" \
  "$(tgz train)" "$(tgz nas)" "$(tgz methods)" "$(tgz cli)" typescript@~5.9.3 @types/node@^20.19.0

step "(b) strict TypeScript consumer, moduleResolution nodenext"
npx tsc -p tsconfig.json
npx tsc -p tsconfig.ml.json

step "(c) npx tsglove"
help=$(npx tsglove --help)
expect "search" "$help"
out=$(npx tsglove search space.mjs --trials 12 --algo regularizedEvolution --storage "sqlite:$work/app/cli.db" --name cli)
echo "$out"
expect "best: trial" "$out"
show=$(npx tsglove study show "sqlite:$work/app/cli.db" cli)
expect "cli" "$show"

step "(d) @tsglove/train from compiled files"
out=$(node train.mjs)
echo "$out"
expect "backend wasm; trial on thread" "$out"

step "passed"
[ -n "${1:-}" ] || rm -rf "$work"
