#!/bin/sh
# Open-loop load on the real server (see docs/benchmarks.md, "Load").
# Usage: bench/load/run.sh [RATE] [DURATION] [extra load flags, e.g. -cpuprofile cpu.out]
set -eu
cd "$(dirname "$0")/../.."
rate=${1:-500}
duration=${2:-60s}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] && shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/pk.test" ./cmd/pagekeeper
go build -o "$tmp/load" ./bench/load
"$tmp/load" -server "$tmp/pk.test" -rate "$rate" -duration "$duration" "$@"
