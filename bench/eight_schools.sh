#!/usr/bin/env bash
# bench/eight_schools.sh: the headline workload, the seed's non-centered
# eight schools (8 chains x (1000 warmup + 5000 draws), seed 1), timed as a
# user runs it, beside Stan 2.21 through rstan when R has it.
#
#   bench/eight_schools.sh            # RUNS=5 timed runs per setting
#   RUNS=9 bench/eight_schools.sh
#
# It builds bin/bayes, then reports for one thread (GOMAXPROCS=1) and for
# all cores: the wall time of the whole `bayes sample` command (compile,
# sampling, summary and output; median of RUNS runs), the minimum bulk ESS
# over the summary's quantities and that per wall second, and gradients per
# second of sampler time (all leapfrog steps, warmup included, counted by
# BenchmarkEightSchoolsSampler in bench/, which runs the sampler alone).
#
# Stan: when `Rscript -e 'library(rstan)'` works, bench/stan_eight_schools.R
# runs the same workload (/work/shared/anchors, or $ANCHORS) on one core; the
# compiled model is cached in $BENCH_CACHE (first run: about 45 s to
# compile). Nothing is installed here. Stan's wall time is that of rstan's
# sampling() call, compile excluded; its sampler time is the sum of the
# chains' get_elapsed_time().
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
NPROC=$(nproc)
ANCHORS=${ANCHORS:-$(cd .. && pwd)/shared/anchors}
BENCH_CACHE=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bayes-bench}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

CGO_ENABLED=0 go build -o bin/bayes ./cmd/bayes
CMD=(bin/bayes sample models/eight_schools.bym --data data/schools.json --chains 8
	--warmup 1000 --samples 5000 --noncentered theta --seed 1 --quiet)

# calc EXPR [DIGITS]: EXPR evaluated by awk, printed with DIGITS decimals.
calc() { awk "BEGIN { printf \"%.${2:-0}f\", $1 }"; }

# median of the numbers on stdin
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# wall PROCS: the median wall time (s) of RUNS runs of the whole command.
wall() {
	for _ in $(seq "$RUNS"); do
		local t0 t1
		t0=$(date +%s%N)
		GOMAXPROCS=$1 "${CMD[@]}" >/dev/null 2>&1
		t1=$(date +%s%N)
		calc "($t1 - $t0) / 1e9" 3
		echo
	done | median
}

# The minimum bulk ESS and its quantity, from the JSON summary (the same
# draws at any GOMAXPROCS).
GOMAXPROCS=$NPROC "${CMD[@]}" --format json 2>/dev/null >"$TMP/summary.json"
read -r MIN_ESS MIN_VAR < <(awk -F'"' '
	/"variable":/ { v = $4 }
	/"ess_bulk":/ { split($3, a, /[:,]/); e = a[2] + 0; if (min == "" || e < min) { min = e; mv = v } }
	END { printf "%.0f %s\n", min, mv }' "$TMP/summary.json")

WALL1=$(wall 1)
WALLN=$(wall "$NPROC")

# gradients/s of sampler time, one thread and all cores
# (one process per setting: a -cpu list does not leave the first setting
# single-threaded here)
go test -c -o "$TMP/bench.test" ./bench
for p in 1 "$NPROC"; do
	(cd bench && GOMAXPROCS=$p "$TMP/bench.test" -test.run '^$' -test.bench EightSchoolsSampler \
		-test.benchtime 5x -test.cpu "$p") >>"$TMP/gobench.txt"
done
gps() { awk -v p="$1" '
	$1 ~ /^BenchmarkEightSchoolsSampler/ {
		n = split($1, f, "-"); procs = (n > 1) ? f[n] : 1
		if (procs == p && !seen[p]++) for (i = 2; i < NF; i++) {
			if ($(i + 1) == "gradients/s") gs = $i
			if ($(i + 1) == "ns/op") sec = $i / 1e9
			if ($(i + 1) == "gradients/op") g = $i
		}
	}
	END { printf "%.0f %.3f %d\n", gs, sec, g }' "$TMP/gobench.txt"; }
read -r GPS1 SAMPLER1 GRADS < <(gps 1)
read -r GPSN SAMPLERN _ < <(gps "$NPROC")

# Stan through rstan, if installed.
STAN=""
if Rscript -e 'suppressPackageStartupMessages(library(rstan))' >/dev/null 2>&1 &&
	[ -f "$ANCHORS/eight_schools_noncentered.stan" ]; then
	if Rscript bench/stan_eight_schools.R "$ANCHORS/eight_schools_noncentered.stan" \
		"$ANCHORS/eight_schools.json" "$BENCH_CACHE" >"$TMP/stan.txt" 2>"$TMP/stan.err"; then
		STAN=$(grep '^compile_s=' "$TMP/stan.txt" | tail -1)
	else
		echo "note: the rstan run failed; see below" >&2
		tail -5 "$TMP/stan.err" >&2
	fi
else
	echo "note: rstan not available (Rscript -e 'library(rstan)' fails): Stan column skipped" >&2
fi
stan() { echo "$STAN" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }

echo
echo "eight schools, non-centered: 8 chains x (1000 + 5000), seed 1"
echo "machine: $NPROC cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "command: GOMAXPROCS=P ${CMD[*]}"
echo
fmt='%-40s %14s %14s %14s\n'
# shellcheck disable=SC2059
{
	printf "$fmt" "" "bayes 1 thread" "bayes $NPROC threads" "Stan (rstan)"
	if [ -n "$STAN" ]; then
		S_WALL=$(stan wall_s) S_SAMPLER=$(stan sampler_s) S_ESS=$(stan min_ess)
		S_GRAD=$(stan grad_all)
		printf "$fmt" "wall time (s)" "$WALL1" "$WALLN" "$S_WALL"
		printf "$fmt" "sampler time (s)" "$SAMPLER1" "$SAMPLERN" "$S_SAMPLER"
		printf "$fmt" "min bulk ESS (quantity)" "$MIN_ESS ($MIN_VAR)" "$MIN_ESS ($MIN_VAR)" "$S_ESS ($(stan min_ess_var))"
		printf "$fmt" "min bulk ESS per wall second" \
			"$(calc "$MIN_ESS / $WALL1")" "$(calc "$MIN_ESS / $WALLN")" "$(calc "$S_ESS / $S_WALL")"
		printf "$fmt" "min bulk ESS per sampler second" \
			"$(calc "$MIN_ESS / $SAMPLER1")" "$(calc "$MIN_ESS / $SAMPLERN")" "$(calc "$S_ESS / $S_SAMPLER")"
		printf "$fmt" "gradients (all, warmup included)" "$GRADS" "$GRADS" "$S_GRAD"
		printf "$fmt" "gradients per sampler second" "$GPS1" "$GPSN" "$(calc "$S_GRAD / $S_SAMPLER")"
		printf "$fmt" "divergences after warmup" "-" "-" "$(stan divergent)"
		echo
		echo "Stan: compile (or loading the cached model) $(stan compile_s) s, not in its wall time."
		echo "bayes 1 thread / Stan, min bulk ESS per wall second: $(calc "($MIN_ESS / $WALL1) / ($S_ESS / $S_WALL)" 2)x (target 5x)"
		echo "bayes 1 thread / Stan, min bulk ESS per sampler second: $(calc "($MIN_ESS / $SAMPLER1) / ($S_ESS / $S_SAMPLER)" 2)x"
	else
		printf "$fmt" "wall time (s)" "$WALL1" "$WALLN" "-"
		printf "$fmt" "sampler time (s)" "$SAMPLER1" "$SAMPLERN" "-"
		printf "$fmt" "min bulk ESS (quantity)" "$MIN_ESS ($MIN_VAR)" "$MIN_ESS ($MIN_VAR)" "-"
		printf "$fmt" "min bulk ESS per wall second" "$(calc "$MIN_ESS / $WALL1")" "$(calc "$MIN_ESS / $WALLN")" "-"
		printf "$fmt" "min bulk ESS per sampler second" "$(calc "$MIN_ESS / $SAMPLER1")" "$(calc "$MIN_ESS / $SAMPLERN")" "-"
		printf "$fmt" "gradients (all, warmup included)" "$GRADS" "$GRADS" "-"
		printf "$fmt" "gradients per sampler second" "$GPS1" "$GPSN" "-"
	fi
}
echo "whole command on all cores: $WALLN s (target 0.3 s)"
