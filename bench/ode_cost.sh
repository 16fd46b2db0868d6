#!/usr/bin/env bash
# bench/ode_cost.sh (`make bench-ode`): the cost of one gradient of an ODE
# model, bayes beside Stan 2.21 through rstan, each on one core (issue 16):
# the corpus' sir-sir (integrate_ode_rk45, 4 states, 20 outputs) and
# bench/ode/one_comp_mm_elim_abs.stan (integrate_ode_bdf, posteriordb's
# pharmacokinetic benchmark, data from bench/ode/one_comp_data.py).
#
# Each side samples 4 chains x (1000 + 1000), seed 1, one chain after
# another on one core, and its cost per gradient is its sampler seconds over
# its gradients, warmup included (bayes: run.seconds / run.gradients of the
# report; Stan: sum of get_elapsed_time() / sum of n_leapfrog__). Both print
# their posterior means, to show they fitted the same posterior.
#
# Environment: CORPUS=dir (default ../shared/corpus/posteriordb; sir is
# skipped, saying so, where absent), BENCH_CACHE=dir (Stan's compiled
# models, default ~/.cache/bayes-bench), STAN=off (bayes only).
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${CORPUS:-$(cd .. && pwd)/shared/corpus/posteriordb}
BENCH_CACHE=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bayes-bench}
CGO_ENABLED=0 go build -o bin/bayes ./cmd/bayes
echo "bayes at commit $(git describe --always --dirty 2>/dev/null || echo unknown), $(date -u +%FT%TZ)"

models=("one_comp_mm_elim_abs bench/ode/one_comp_mm_elim_abs.stan bench/ode/one_comp_mm_elim_abs.json")
if [ -d "$CORPUS/sir-sir" ]; then
	models+=("sir $CORPUS/sir-sir/model.stan $CORPUS/sir-sir/data.json")
else
	echo "bench/ode_cost.sh: no corpus at $CORPUS: sir skipped" >&2
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
printf '%-22s %-6s %10s %10s %12s  %s\n' model side sampler_s gradients us/gradient means
for m in "${models[@]}"; do
	read -r name model data <<<"$m"
	report=$(GOMAXPROCS=1 bin/bayes sample "$model" --data "$data" --chains 4 --warmup 1000 \
		--samples 1000 --seed 1 --device cpu --quiet --format json)
	python3 - "$name" "$report" <<'PY'
import json, sys
name, r = sys.argv[1], json.loads(sys.argv[2])
run = r["run"]
means = " ".join(f"{v['variable']}={v['mean']:.4g}" for v in r["summary"] if "[" not in v["variable"] and v["variable"] != "lp__")
print(f"{name:<22} {'bayes':<6} {run['seconds']:10.2f} {run['gradients']:10d} {1e6 * run['seconds'] / run['gradients']:12.1f}  {means}")
PY
	if [ "${STAN:-on}" != off ]; then
		if ! stan=$(Rscript bench/stan_gradient_cost.R "$BENCH_CACHE" 1 4 1000 1000 "$model" "$data" 2>"$log"); then
			echo "$name: Stan failed: $(tail -3 "$log")" >&2
			continue
		fi
		python3 - "$name" "$stan" <<'PY'
import json, sys
name, r = sys.argv[1], json.loads(sys.argv[2])
means = " ".join(f"{k}={v:.4g}" for k, v in r["means"].items() if "[" not in k)
print(f"{name:<22} {'stan':<6} {r['sampler_s']:10.2f} {int(r['gradients']):10d} {r['us_per_gradient']:12.1f}  {means}")
PY
	fi
done
