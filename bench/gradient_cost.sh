#!/usr/bin/env bash
# bench/gradient_cost.sh (`make bench-gradient`): the cost of one gradient,
# bayes' kernel beside Stan 2.21's (rstan), for corpus posteriors whose runs
# finish on neither side in any time a bench allows (issue 21: the two LDA
# models and the RBM hit tree depth 10 at every iteration), so that the gap
# is traced to the kernel at least.
#
#   bench/gradient_cost.sh                       # the three below
#   bench/gradient_cost.sh iohmm_reg_simulated-iohmm_reg
#
# bayes: BenchmarkCorpusGradient (compiler/lower_bench_test.go), GOMAXPROCS=1,
# cpu-ns/op of its thread at a random point. Stan: bench/stan_gradient_only.R,
# grad_log_prob at a uniform(-2, 2) point, wall time over REPS calls.
#
# Environment: CORPUS=dir (default ../shared/corpus/posteriordb; the script
# skips, saying so, where absent), BENCH_CACHE=dir (Stan's compiled models,
# default ~/.cache/bayes-bench), REPS=n (Stan's calls, default 200),
# STAN=off (bayes only).
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${CORPUS:-$(cd .. && pwd)/shared/corpus/posteriordb}
BENCH_CACHE=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bayes-bench}
REPS=${REPS:-200}
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(prideprejudice_paragraph-ldaK5 prideprejudice_chapter-ldaK5 mnist_100-nn_rbm1bJ10)
if [ ! -d "$CORPUS" ]; then
	echo "bench/gradient_cost.sh: no corpus at $CORPUS: nothing to measure" >&2
	exit 0
fi
echo "bayes at commit $(git describe --always --dirty 2>/dev/null || echo unknown), $(date -u +%FT%TZ)"
printf '%-34s %14s %14s %8s\n' posterior bayes_us stan_us stan/bayes
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for name in "${names[@]}"; do
	dir=$CORPUS/$name
	out=$(GOMAXPROCS=1 go test ./compiler -run '^$' -bench "CorpusGradient/$name\$" -corpus "$name" -benchtime 3s -count 1)
	bayes=$(awk '/cpu-ns\/op/ { for (i = 1; i < NF; i++) if ($(i+1) == "cpu-ns/op") printf "%.1f", $i / 1000 }' <<<"$out")
	stan=-
	if [ "${STAN:-on}" != off ]; then
		if r=$(Rscript bench/stan_gradient_only.R "$BENCH_CACHE" 1 "$REPS" "$dir/model.stan" "$dir/data.json" 2>"$log"); then
			stan=$(python3 -c 'import json, sys; print("%.1f" % json.loads(sys.argv[1])["us_per_gradient"])' "$r")
		else
			echo "$name: Stan failed: $(tail -3 "$log")" >&2
		fi
	fi
	ratio=$(python3 -c 'import sys
b, s = sys.argv[1:]
print("%.2f" % (float(s) / float(b)) if s != "-" and b else "-")' "$bayes" "$stan")
	printf '%-34s %14s %14s %8s\n' "$name" "${bayes:--}" "$stan" "$ratio"
done
