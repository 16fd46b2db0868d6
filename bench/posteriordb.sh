#!/usr/bin/env bash
# bench/posteriordb.sh (`make bench-posteriordb`): every posterior of
# ../shared/posteriordb, per core, bayes beside Stan 2.21 through rstan when
# R has it (issue 21). In the spirit of ../shared/bench/speed.sh, with the
# gradient counts added so that each gain is traced to the kernel or to the
# sampler.
#
#   bench/posteriordb.sh                         # all posteriors (an hour or more)
#   bench/posteriordb.sh kidiq-kidscore_interaction eight_schools-eight_schools_noncentered
#   STAN=off CSV=/tmp/pdb.csv bench/posteriordb.sh
#
# Per posterior (bench/pdbspeed, whose doc comment has the details), with
# the adapt_delta and max_treedepth of posteriordb's reference run, 4 chains
# x (1000 warmup + 1000 draws), seed 1:
#   Stan   bench/stan_posteriordb.R: rstan's sampling(), cores = 1 (chains one
#          after another), compile excluded (cached in $BENCH_CACHE; about a
#          minute per model the first time);
#   bayes  GOMAXPROCS=1 bin/bayes sample ... --device cpu --quiet --format json,
#          the whole command timed.
# Columns, per side: wall time; sampler time (bayes: run.seconds of its
# report; Stan: the sum of get_elapsed_time(), warmup + sampling);
# gradients (bayes: run.gradients, every gradient of every chain,
# initialisation and warmup included; Stan: the sum of n_leapfrog__ over
# warmup and sampling); the minimum bulk ESS over reference.json's names and
# which one; ESS per gradient (the sampler); gradients per sampler second
# (the kernel); sampler time / wall time (the overhead); ESS per wall
# second (the score, the product of the three before it); post-warmup
# divergences. Then bayes / Stan for each, and their geometric means.
#
# Environment:
#   POSTERIORDB=dir  the posteriors (default ../shared/posteriordb beside the
#                    repository; the script skips, saying so, where absent)
#   STAN=off         bayes columns only (also when R lacks rstan, posterior
#                    or jsonlite: apt-get install r-base-core r-cran-rstan
#                    r-cran-posterior r-cran-jsonlite libboost-dev)
#   STAN_SKIP=list   comma-separated posteriors whose Stan run is skipped
#                    (default diamonds-diamonds: hours at adapt_delta 0.99,
#                    max_treedepth 20)
#   BENCH_CACHE=dir  Stan's compiled models (default ~/.cache/bayes-bench)
#   CSV=file         also one CSV row per posterior there
#   WORK=dir         keep each run's stdout and stderr there (default a temp dir)
#   TIMEOUT=1h       limit of each run, bayes or Stan (Go duration)
#   STAN_TIMEOUT=30m limit of each Stan run (default TIMEOUT); a run that
#                    hits a limit is reported as over it, with the CPU
#                    seconds it had used
#
# The corpus's posteriors (posteriordb's Stan source, most without a
# reference) run the same way: model.stan for model.bym, Stan's default
# settings, the minimum bulk ESS over every quantity but lp__:
#   POSTERIORDB=../shared/corpus/posteriordb STAN_TIMEOUT=30m bench/posteriordb.sh normal_5-normal_mixture_k
#   BAYES_WARMUP=auto  bayes warms up for its adaptation's default instead
#                    of Stan's 1000
#   BAYES_FLAGS="--adapt stan"  more flags for bayes sample
set -euo pipefail
cd "$(dirname "$0")/.."

POSTERIORDB=${POSTERIORDB:-$(cd .. && pwd)/shared/posteriordb}
if [ ! -d "$POSTERIORDB" ]; then
	echo "bench/posteriordb.sh: no posteriordb at $POSTERIORDB (set POSTERIORDB): skipped" >&2
	exit 0
fi
BENCH_CACHE=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bayes-bench}

CGO_ENABLED=0 go build -o bin/bayes ./cmd/bayes
CGO_ENABLED=0 go build -o bin/pdbspeed ./bench/pdbspeed
echo "bayes at commit $(git describe --always --dirty 2>/dev/null || echo unknown)"
FLAGS=(-bayes bin/bayes -db "$POSTERIORDB" -stan-script bench/stan_posteriordb.R
	-stan "${STAN:-auto}" -stan-skip "${STAN_SKIP-diamonds-diamonds}" -cache "$BENCH_CACHE"
	-timeout "${TIMEOUT:-1h}" -stan-timeout "${STAN_TIMEOUT:-0}")
[ -n "${CSV:-}" ] && FLAGS+=(-csv "$CSV")
[ -n "${WORK:-}" ] && FLAGS+=(-work "$WORK")
[ -n "${BAYES_WARMUP:-}" ] && FLAGS+=(-bayes-warmup "$BAYES_WARMUP")
[ -n "${BAYES_FLAGS:-}" ] && FLAGS+=(-bayes-flags "$BAYES_FLAGS")
exec bin/pdbspeed "${FLAGS[@]}" "$@"
