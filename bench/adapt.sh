#!/bin/bash
# ESS per gradient of each warmup adaptation on every posteriordb posterior
# (issue 21): stan (Stan's windows, 1000 warmup), stan-dense (where the
# validation uses a dense metric), nutpie (nutpie's diagonal from draws and
# gradients, 400 warmup), low-rank (nutpie's low-rank modified metric,
# 800 warmup), adapt-from (a finished stan run's, 150 warmup), default
# (bayes sample's: Stan's windows with nutpie's low-rank estimate, the first
# after 25 iterations, 500 warmup) and default-1000 (the same with Stan's
# initial buffer of 75 and 1000 warmup), and the GPU sampler's, run by
# its C build as --device c runs it (needs cc; not run unless METHODS names
# them): device-stan (Stan's windows, diagonal), device-dense (the same,
# dense: its default up to 32 coordinates), device-short (diagonal, the
# first window after 25 iterations, 500 warmup), device-nutpie and
# device-nutpie-1000 (nutpie's diagonal, 400 and 1000 warmup); each 4
# chains x 1000 draws at the posterior's settings
# (validation/posteriordb_test.go), judged by INDEX.md's comparison rule.
# It counts gradients (initialization and warmup included), not seconds,
# so the machine's load does not change the table.
#
#   bench/adapt.sh [OUT]            all posteriors but diamonds, all adaptations
#   METHODS=nutpie bench/adapt.sh   only some adaptations (stan,stan-dense,nutpie,low-rank,adapt-from,default,default-1000,
#                                   device-stan,device-dense,device-short,device-nutpie,device-nutpie-1000;
#                                   adapt-from needs stan in the same run)
#   SKIP= bench/adapt.sh            diamonds too (hours under a diagonal metric)
#   ONLY=diamonds SKIP= METHODS=stan-dense,low-rank bench/adapt.sh
#                                   only the posteriors whose name matches ONLY
#   SEED_OFFSET=7 bench/adapt.sh    other seeds (20261125 + 7, and 20261126 + 7 where a
#                                   failure is confirmed)
#
# OUT (default out/adapt) receives results.jsonl, one line per
# posterior and adaptation, kept across runs (a later line replaces an
# earlier one), and table.md, the tables BENCHMARKS.md shows.
set -e
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-out/adapt}")
mkdir -p "$out"
run='^TestAdaptationTable$'
[ -n "$ONLY" ] && run="$run/$ONLY"
go test -count=1 -timeout 0 ./validation -run "$run" -v \
	-seed-offset "${SEED_OFFSET:-0}" -adapt-table "$out" -adapt-methods "${METHODS:-stan,stan-dense,nutpie,low-rank,adapt-from,default,default-1000}" \
	-adapt-skip "${SKIP-diamonds-diamonds}" | grep -E '^(=== RUN|--- |    adapt_table_test|ok|FAIL)' || true
cat "$out/table.md"
