#!/usr/bin/env bash
# Replay benchmark: generate N posts (default 1,000,000) and replay them into
# a fresh SQLite file and into a fresh schema of a PostgreSQL database,
# printing posts/s, wall time and database size for each.
#
#   bench/replay/run.sh                 # 1,000,000 posts, both backends
#   N=100000 bench/replay/run.sh        # fewer posts
#   BACKENDS=sqlite bench/replay/run.sh # one backend
#   CPUPROFILE=/tmp/replay.prof BACKENDS=sqlite bench/replay/run.sh
#                                       # and a CPU profile of the replay:
#                                       # go tool pprof -top "$WORK/pagekeeper" /tmp/replay.prof
#
# PostgreSQL: $PAGEKEEPER_BENCH_POSTGRES (default
# postgres://postgres@127.0.0.1:5432/test?sslmode=disable). The replay goes
# into a new schema (search_path) that is dropped afterwards; psql must be
# installed. The posts and the SQLite file go in $WORK (default: a new
# temporary directory, removed afterwards unless KEEP=1).
set -euo pipefail

N=${N:-1000000}
SEED=${SEED:-1}
BACKENDS=${BACKENDS:-sqlite postgres}
PRACTICE=${PRACTICE:-examples/demo.yaml}
PG=${PAGEKEEPER_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}

cd "$(dirname "$0")/../.."
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
schema="pkbench_$$_$RANDOM"
pg_created=
cleanup() {
	if [[ -n $pg_created ]]; then
		psql -q "$PG" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || echo "could not drop schema $schema" >&2
	fi
	if [[ -z ${KEEP:-} ]]; then
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT

now() { date +%s.%N; }
human() { numfmt --to=iec --suffix=B "$1"; }

echo "building pagekeeper and generating $N posts (seed $SEED) in $WORK"
go build -o "$WORK/pagekeeper" ./cmd/pagekeeper
go run ./bench/replay/gen -n "$N" -seed "$SEED" >"$WORK/posts.jsonl"
echo "posts file: $(human "$(stat -c %s "$WORK/posts.jsonl")")"

args=()
if [[ -n ${BATCH:-} ]]; then
	args+=(--batch "$BATCH") # default: 500 posts a transaction on SQLite, 20 on PostgreSQL
fi
profile_args=()
if [[ -n ${CPUPROFILE:-} ]]; then
	profile_args=(--cpuprofile "$CPUPROFILE")
fi

# replay BACKEND DSN: runs the replay and prints its summary and wall time.
replay() {
	local start end
	start=$(now)
	"$WORK/pagekeeper" replay --practice "$PRACTICE" --database "$2" \
		"${args[@]}" "${profile_args[@]}" "$WORK/posts.jsonl" | tee "$WORK/$1.out"
	end=$(now)
	wall=$(echo "$end - $start" | bc)
}

declare -A rate walltime size
for backend in $BACKENDS; do
	echo
	echo "== $backend"
	case $backend in
	sqlite)
		db="$WORK/bench.db"
		rm -f "$db" "$db-wal" "$db-shm"
		replay sqlite "$db"
		bytes=0
		for f in "$db" "$db-wal"; do
			if [[ -f $f ]]; then bytes=$((bytes + $(stat -c %s "$f"))); fi
		done
		;;
	postgres)
		psql -q "$PG" -c "CREATE SCHEMA $schema" >/dev/null
		pg_created=1
		if [[ $PG == *\?* ]]; then dsn="$PG&search_path=$schema"; else dsn="$PG?search_path=$schema"; fi
		replay postgres "$dsn"
		bytes=$(psql -qAt "$PG" -c "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c
			JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '$schema' AND c.relkind IN ('r', 'm')")
		psql -q "$PG" -c "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1
		pg_created=
		;;
	*)
		echo "unknown backend $backend (want sqlite or postgres)" >&2
		exit 2
		;;
	esac
	rate[$backend]=$(grep -o '[0-9]* posts/s' "$WORK/$backend.out" | cut -d' ' -f1)
	walltime[$backend]=$wall
	size[$backend]=$bytes
done

echo
echo "posts: $N, machine: $(nproc) cores, $(go env GOVERSION)"
printf '%-9s %12s %10s %10s\n' backend posts/s wall size
for backend in $BACKENDS; do
	printf '%-9s %12s %9.1fs %10s\n' "$backend" "${rate[$backend]}" "${walltime[$backend]}" "$(human "${size[$backend]}")"
done
