#!/usr/bin/env bash
# Pagekeeper beside the npm filters people reach for, on the same public sets,
# in one run (see README.md). Installs the pinned npm packages (npm ci), then
# ROUNDS times, interleaved, runs Pagekeeper and each filter on every set it
# is scored on; writes bench/peers/results.jsonl, prints the table and, with
# SVG=path, draws the chart.
# Usage: bench/peers/run.sh [DATA_DIR]   (env: ROUNDS=3 MIN_SECONDS=1 SVG=docs/peers.svg)
set -uo pipefail
cd "$(dirname "$0")/../.."
data="${1:-${DATA:-../shared/data}}"
rounds="${ROUNDS:-3}"
minsec="${MIN_SECONDS:-1}"
here=bench/peers
out="$here/results.jsonl"
tools=(obscenity @2toad/profanity bad-words leo-profanity redact-pii)
[ -d "$data/sets" ] || { echo "no data at $data/sets: pass the shared data directory" >&2; exit 2; }

echo "== install (npm ci, pinned by package-lock.json)"
if ! (cd "$here" && npm ci --no-audit --no-fund --loglevel=error); then
  echo "npm ci failed: the filters that did not install are reported and left out" >&2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/pagekeeper-peers" ./$here/pagekeeper || exit 1

echo "== machine"
echo "cpu:   $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at start"
echo "go:    $(go version | cut -d' ' -f3-)"
echo "node:  $(node --version), npm $(npm --version 2>/dev/null)"
for t in "${tools[@]}"; do
  v="$(node -p "require('./$here/node_modules/$t/package.json').version" 2>/dev/null || echo 'not installed')"
  echo "       $t $v"
done

: > "$out"
runners=(pagekeeper "${tools[@]}")
for ((r = 1; r <= rounds; r++)); do
  echo "== round $r of $rounds"
  n=${#runners[@]}
  for ((i = 0; i < n; i++)); do
    t="${runners[(i + r - 1) % n]}" # start each round with a different runner
    echo "   $t" >&2
    if [ "$t" = pagekeeper ]; then
      GOMAXPROCS=1 "$tmp/pagekeeper-peers" -data "$data" -sets "$here/sets.json" -round "$r" -min-seconds "$minsec" >> "$out"
    else
      node "$here/peers.mjs" --tool "$t" --data "$data" --round "$r" --min-seconds "$minsec" >> "$out"
    fi
  done
done
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at end"
grep '"error"' "$out" | sort -u | sed 's/^/left out: /'
echo
go run ./$here/report ${SVG:+-svg "$SVG"} < "$out"
