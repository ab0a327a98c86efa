#!/bin/sh
# Webhook -> hide-request latency under load (see ../README.md).
# Usage: bench/webhook-latency/run.sh [RATE] [COUNT] [QUEUE_POLL]
set -eu
cd "$(dirname "$0")/../.."
rate=${1:-5}
count=${2:-200}
poll=${3:-1s}
exec go test -run '^$' -bench WebhookToHide -benchtime "${count}x" ./cmd/pagekeeper -args -rate "$rate" -queue-poll "$poll"
