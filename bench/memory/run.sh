#!/usr/bin/env bash
# Resident memory of `pagekeeper demo` while it serves: starts the demo,
# waits for its comment stream to finish, loads every public and sign-in
# page a number of times, and prints the peak (VmHWM) and current (VmRSS)
# resident set size from /proc. Target (issue 10): peak <= 100 MB.
#
#   bench/memory/run.sh [REQUESTS]     # default 500 page loads
set -euo pipefail
cd "$(dirname "$0")/../.."
requests="${1:-500}"
addr=127.0.0.1:18089
bin=$(mktemp -d)/pagekeeper
go build -o "$bin" ./cmd/pagekeeper
"$bin" demo --addr "$addr" --no-browser >"$bin.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  grep -q "All comments sent" "$bin.log" && break
  sleep 1
done
grep -q "All comments sent" "$bin.log" || { echo "demo did not finish its stream"; tail "$bin.log"; exit 1; }
for i in $(seq 1 "$requests"); do
  case $((i % 3)) in
    0) path=/login ;;
    1) path=/p/ashgrove/guidance ;;
    2) path=/healthz ;;
  esac
  curl -s -o /dev/null "http://$addr$path"
done
awk '/VmHWM|VmRSS/ {printf "%s %.1f MB\n", $1, $2/1024}' "/proc/$pid/status"
