#!/usr/bin/env bash
# bench/profile.sh: where the seed workload's time goes on one thread, the
# "Where the time goes" table of BENCHMARKS.md. It builds cmd/bayes's test
# binary, runs BenchmarkSeedCommand (the whole `bayes sample` command of the
# seed's non-centered eight schools, in-process) RUNS times at GOMAXPROCS=1
# under a CPU profile, and prints each part's share of the CPU samples and its
# CPU time per run, from `go tool pprof -top` with focus/ignore/show filters.
#
#   bench/profile.sh            # RUNS=10
#   RUNS=20 PROFILE=/tmp/cpu.prof bench/profile.sh   # keep the profile
#
# Async preemption is off (GODEBUG=asyncpreemptoff=1): at GOMAXPROCS=1 the 8
# chain goroutines are preempted by a signal every 10 ms, and the profile
# then charges the samples that land there to runtime.asyncPreempt instead of
# the code interrupted (a third of all samples in a run on 2026-12-05). The
# goroutines still yield at function calls; the work is the same.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-10}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PROFILE=${PROFILE:-$TMP/cpu.prof}
BIN=$TMP/bayes.test

go test -c -o "$BIN" ./cmd/bayes
(cd cmd/bayes && GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 "$BIN" -test.run '^$' \
	-test.bench '^BenchmarkSeedCommand$' -test.benchtime "${RUNS}x" -test.cpu 1 \
	-test.cpuprofile "$PROFILE") | grep '^BenchmarkSeedCommand'

# ms PPROF_FLAGS...: the CPU milliseconds of the samples the filters keep
# (pprof's "Showing nodes accounting for"; with -show, the samples in the
# functions shown or below them).
ms() {
	go tool pprof -top -unit=ms -nodefraction=0 -edgefraction=0 "$@" "$BIN" "$PROFILE" 2>/dev/null |
		awk '/^Showing nodes accounting for/ { v = $5; sub(/ms,?$/, "", v); print v + 0; found = 1 }
			END { if (!found) print 0 }'
}
# flat REGEX PPROF_FLAGS...: the CPU milliseconds spent in the functions
# matching REGEX themselves (pprof's flat column), under the filters.
flat() {
	local re=$1
	shift
	go tool pprof -top -unit=ms -nodefraction=0 -edgefraction=0 "$@" "$BIN" "$PROFILE" 2>/dev/null |
		awk -v re="$re" '$1 ~ /ms$/ && $6 ~ re { v = $1; sub(/ms$/, "", v); s += v } END { print s + 0 }'
}
TOTAL=$(go tool pprof -top -unit=ms "$BIN" "$PROFILE" 2>/dev/null |
	awk '/Total samples =/ { for (i = 1; i <= NF; i++) if ($i == "=") { v = $(i + 1); sub(/ms$/, "", v); print v + 0 } }')

KERNEL='compiler\.\(\*Kernel\)\.LogDensityGrad$'
SAMPLING=$(ms -focus='sampler\.runChain')
GRAD=$(ms -focus="$KERNEL")
GRAD_MATH=$(ms -focus="$KERNEL" -show='^math\.')
GRAD_FLAT=$(flat "$KERNEL" -focus="$KERNEL")
NUTS=$(ms -focus='sampler\.runChain' -ignore='LogDensityGrad')
NUTS_MATH=$(ms -focus='sampler\.runChain' -ignore='LogDensityGrad' -show='^math\.')
NUTS_OWN=$(flat 'bayes/sampler\.' -focus='sampler\.runChain' -ignore='LogDensityGrad')
SUMMARY=$(ms -focus='bayes/diagnostics\.')

row() { awk -v name="$1" -v v="$2" -v t="$TOTAL" -v n="$RUNS" \
	'BEGIN { printf "| %s | %.0f%% | %.3f s |\n", name, 100 * v / t, v / n / 1000 }'; }
echo
echo "CPU profile of $RUNS runs at GOMAXPROCS=1: $(awk -v t="$TOTAL" -v n="$RUNS" 'BEGIN { printf "%.3f", t / n / 1000 }') s of CPU per run"
echo
echo "| part | share | per run |"
echo "|---|---:|---:|"
row "sampling (sampler.Run's chains)" "$SAMPLING"
row "— compiled gradient (compiler.Kernel.LogDensityGrad)" "$GRAD"
row "—— its math functions (exp(tau), the Cauchy's log1p)" "$GRAD_MATH"
row "—— LogDensityGrad itself (flat: dispatch, inlined ops)" "$GRAD_FLAT"
row "— NUTS (everything else in the sampler)" "$NUTS"
row "—— math.Exp and math.Log1p" "$NUTS_MATH"
row "—— the sampler's own functions (flat: leapfrog, leaf energy, U-turn checks, tree)" "$NUTS_OWN"
row "summary (diagnostics, 18 quantities)" "$SUMMARY"
row "the rest (parse, compile, output, runtime)" "$(awk -v t="$TOTAL" -v a="$SAMPLING" -v b="$SUMMARY" 'BEGIN { print t - a - b }')"
