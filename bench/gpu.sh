#!/usr/bin/env bash
# bench/gpu.sh (`make bench-gpu`): the GPU benchmark of issue 8, bayes beside
# NumPyro on the same models with the same settings, in one run on one
# machine (speed on these machines is noisy: only side-by-side ratios are
# claims, see /work/shared/anchors/README.md). It needs an NVIDIA GPU.
#
#   bench/gpu.sh                                  # everything (more than 10 minutes)
#   CHAINS_LIST="8 512" SKIP_SEED=1 SKIP_LOGISTIC=1 bench/gpu.sh
#   NUMPYRO=0 RUNS=5 bench/gpu.sh
#
# Workloads (all seed 1; NumPyro with the anchors' own settings):
#   scale     eight schools non-centered, CHAINS_LIST chains x (1000 + 1000),
#             --device $SCALE_DEVICE; NumPyro: numpyro_eight_schools.py's
#             run(noncentered, C, 1000, 1000, "vectorized") on the GPU.
#   seed      the seed's workload, 8 chains x (1000 + 5000), on --device auto,
#             cuda and cpu (for reference); NumPyro vectorized on the GPU and
#             "parallel" on the CPU (8 host devices), as the anchors measured.
#   logistic  models/logistic.bym, D = 20, N in NS, 4 chains x (1000 + 1000),
#             --device $LOGISTIC_DEVICE, data from bench/logistic_data.py (the
#             anchor's data(N, 20)); NumPyro: numpyro_logistic.py vectorized 4
#             for N in NUMPYRO_NS.
#
# bayes is run RUNS times per setting; the table shows medians: the wall time
# of the whole command as this script measures it (process start to exit:
# data loading, compile, sampling, summary), run.seconds of its JSON (sampling
# alone), the minimum bulk ESS over the summary's quantities, min ESS per wall
# second, and gradients (run.gradients: leapfrog steps of all chains, warmup
# included) per sampling second. NumPyro's numbers come from the anchors'
# scripts: its min ESS is NumPyro's own n_eff (split R-hat/ESS, not
# rank-normalised) over mu, tau and theta; its ESS/s is over the cached second
# run (JIT excluded, as in the anchors' README) for eight schools and over the
# single run (JIT included) for logistic; its gradients/s counts post-warmup
# leapfrog steps only over the whole run, a lower bound (marked >=).
#
# Environment:
#   RUNS=3              timed bayes runs per setting (median)
#   CHAINS_LIST="8 512 4096 32768"   chain counts of the scale table
#   NS=10000,100000,1000000          logistic data sizes
#   NUMPYRO_NS=10000,100000          logistic sizes NumPyro runs (the anchors'
#                       GPU run at 10^6 did not finish in 200 s)
#   SKIP_SCALE=1 SKIP_SEED=1 SKIP_LOGISTIC=1   leave a table out
#   NUMPYRO=0           no NumPyro runs; ANCHORS=dir of the NumPyro scripts
#                       (default ../shared/anchors beside the repository)
#   SCALE_DEVICE=cuda LOGISTIC_DEVICE=auto    --device of those tables
#   BAYES_TIMEOUT=300 NUMPYRO_TIMEOUT=300     seconds per process
#   BENCH_DATA=dir      keep the logistic data files there (default: a temp dir)
#   BUILD=0             use bin/bayes as is even when go is installed
#   REQUIRE_GPU=0       run even when `bayes devices` lists no GPU (to test
#                       this script on a CPU machine)
#   BENCH_RECORD=1      append the section to BENCHMARKS.md
#   OUT=dir             also write the section to $OUT/bench-gpu.md, the
#                       progress log to $OUT/bench-gpu.log and bayes's JSON and
#                       stderr and NumPyro's output to $OUT/bench-gpu-raw.tar.gz
#   ANCHORS and BENCH_DATA, when relative, are relative to the repository root.
#
# JSON is read by python3 (present wherever NumPyro is), not jq. On a GPU
# machine without Go, build bin/bayes first (make build) and bring it along,
# with the anchors' scripts copied into the repository if ../shared is not
# there (ANCHORS=that folder); the section to keep is $OUT/bench-gpu.md.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
CHAINS_LIST=${CHAINS_LIST:-8 512 4096 32768}
NS=${NS:-10000,100000,1000000}
NUMPYRO_NS=${NUMPYRO_NS:-10000,100000}
NUMPYRO=${NUMPYRO:-1}
SKIP_SCALE=${SKIP_SCALE:-0}
SKIP_SEED=${SKIP_SEED:-0}
SKIP_LOGISTIC=${SKIP_LOGISTIC:-0}
SCALE_DEVICE=${SCALE_DEVICE:-cuda}
LOGISTIC_DEVICE=${LOGISTIC_DEVICE:-auto}
BAYES_TIMEOUT=${BAYES_TIMEOUT:-300}
NUMPYRO_TIMEOUT=${NUMPYRO_TIMEOUT:-300}
BUILD=${BUILD:-1}
REQUIRE_GPU=${REQUIRE_GPU:-1}
BENCH_RECORD=${BENCH_RECORD:-0}
ANCHORS=${ANCHORS:-$(cd .. && pwd)/shared/anchors}
OUT=${OUT:-}
case $ANCHORS in /*) ;; *) ANCHORS=$PWD/$ANCHORS ;; esac
TMP=$(mktemp -d)
BENCH_DATA=${BENCH_DATA:-$TMP/data}
# With OUT set, what comes back from a device machine is capped at a few
# files: the section, the progress log (written as it goes, so a run killed
# at the time limit still leaves its numbers) and one archive of the raw runs.
RAW=""
if [ -n "$OUT" ]; then
	mkdir -p "$OUT" "$TMP/raw"
	RAW=$TMP/raw
	: >"$OUT/bench-gpu.log"
fi
finish() {
	if [ -n "$RAW" ]; then tar -czf "$OUT/bench-gpu-raw.tar.gz" -C "$TMP" raw 2>/dev/null || true; fi
	rm -rf "$TMP"
}
trap finish EXIT
trap 'exit 143' TERM INT

log() {
	printf 'bench-gpu: %s\n' "$*" >&2
	if [ -n "$OUT" ]; then printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >>"$OUT/bench-gpu.log"; fi
}
die() {
	log "$*"
	exit 1
}

# ---- bayes: build it, or take the prebuilt one, and look for a GPU ----------

if [ "$BUILD" != 0 ] && command -v go >/dev/null 2>&1; then
	log "building bin/bayes (go build, CGO_ENABLED=0)"
	CGO_ENABLED=0 go build -o bin/bayes ./cmd/bayes
	BUILT="built here by go build"
elif [ -x bin/bayes ]; then
	log "no Go toolchain (or BUILD=0): using the prebuilt bin/bayes"
	BUILT="prebuilt bin/bayes, $(date -u -r bin/bayes +%Y-%m-%dT%H:%MZ)"
else
	die "no Go toolchain and no bin/bayes: build it elsewhere (make build) and bring bin/bayes along"
fi
BAYES=bin/bayes

DEVICES=$("$BAYES" devices 2>&1) || die "bin/bayes devices failed: $DEVICES"
GPU_LINES=$(grep -E '^GPU [0-9]+:' <<<"$DEVICES" || true)
if [ -z "$GPU_LINES" ]; then
	if [ "$REQUIRE_GPU" != 0 ]; then
		die "bin/bayes devices lists no GPU; this benchmark needs one (REQUIRE_GPU=0 runs it anyway). It said:
$DEVICES"
	fi
	log "no GPU listed; going on since REQUIRE_GPU=0"
fi

NP_NOTE="not run (NUMPYRO=0)"
if [ "$NUMPYRO" != 0 ]; then
	if ! NP_VERSIONS=$(python3 -c 'import numpyro, jax; print("NumPyro", numpyro.__version__, "/ JAX", jax.__version__)' 2>"$TMP/np_import.err"); then
		NP_NOTE="not run: NumPyro is not importable ($(tail -1 "$TMP/np_import.err"))"
		NUMPYRO=0
	elif [ ! -f "$ANCHORS/numpyro_eight_schools.py" ] || [ ! -f "$ANCHORS/numpyro_logistic.py" ]; then
		NP_NOTE="not run: no numpyro_eight_schools.py and numpyro_logistic.py in $ANCHORS (set ANCHORS)"
		NUMPYRO=0
	fi
	[ "$NUMPYRO" != 0 ] || log "NumPyro $NP_NOTE"
fi

# ---- helpers ----------------------------------------------------------------

# R[name.key]: the results, filled by the runners below from key=value lines.
declare -A R
load() { # load NAME < key=value lines
	local k v
	while IFS='=' read -r k v; do
		if [ -n "$k" ]; then R["$1.$k"]=$v; fi
	done
}
get() { printf '%s' "${R[$1.$2]:--}"; }
# missing NAME: why a result is absent, for the targets.
missing() { if [ "$(get "$1" status)" = failed ]; then echo "failed: $(get "$1" err)"; else echo "not in this run"; fi; }

# clean TEXT: one line fit for a Markdown table cell.
clean() { tr -d '\r' <<<"$1" | head -1 | cut -c1-160 | sed 's/|/\\|/g; s/`//g'; }

# why ERRFILE: the first line of stderr that is not a note, else the first.
why() {
	local line
	line=$(grep -v -m1 -E '^(note|warning):|^[[:space:]]*$' "$1" || true)
	[ -n "$line" ] || line=$(head -1 "$1")
	clean "${line:-no message on stderr}"
}

# keep FILE NAME: a copy for $OUT/bench-gpu-raw.tar.gz when OUT is set.
keep() { if [ -n "$RAW" ] && [ -f "$1" ]; then cp "$1" "$RAW/$2"; fi; }

# Reads bayes's JSON documents (argv[2:]) and the wall times (argv[1], comma
# separated) and prints key=value lines: medians over the runs.
PY_BAYES=$(
	cat <<'EOF'
import json, math, statistics as st, sys

def num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)

def comma(x):
    return f"{round(x):,}"

walls = [float(w) for w in sys.argv[1].split(",")]
ess, var, secs, grads, divs, devs, regs = [], [], [], [], [], [], []
for path in sys.argv[2:]:
    with open(path) as f:
        d = json.load(f)
    rows = [e for e in d.get("summary") or [] if num(e.get("ess_bulk"))]
    if rows:
        m = min(rows, key=lambda e: e["ess_bulk"])
        ess.append(m["ess_bulk"])
        var.append(str(m.get("variable", "?")))
    r = d.get("run") or {}
    if num(r.get("seconds")):
        secs.append(r["seconds"])
    if num(r.get("gradients")):
        grads.append(r["gradients"])
    s = d.get("sampler") or {}
    if num(s.get("divergences")):
        divs.append(s["divergences"])
    dev = str(r.get("device", "-"))
    for k in ("gpu", "device_name", "name"):
        if r.get(k):
            dev += " (" + str(r[k]) + ")"
    devs.append(dev)
    regs.append(str(r.get("regime", "-")))
wall = st.median(walls)
out = {"status": "ok", "wall": f"{wall:.3f}", "wall_raw": wall,
       "device": devs[0] if devs else "-", "regime": regs[0] if regs else "-"}
if ess:
    e = st.median(ess)
    out.update(ess=f"{comma(e)} (`{var[0]}`)", essps=comma(e / wall), essps_raw=e / wall, ess_raw=e)
if secs:
    out.update(seconds=f"{st.median(secs):.3f}", seconds_raw=st.median(secs))
    if ess and st.median(secs) > 0:
        out.update(essps_sampling=comma(st.median(ess) / st.median(secs)))
if grads:
    out.update(grads=comma(st.median(grads)))
if grads and secs and st.median(secs) > 0:
    out.update(gps=comma(st.median(grads) / st.median(secs)))
if divs:
    lo, hi = min(divs), max(divs)
    out.update(div=comma(lo) if lo == hi else f"{comma(lo)}–{comma(hi)}")
if len(set(devs)) > 1:
    out["device"] = " / ".join(sorted(set(devs)))
for k, v in out.items():
    print(f"{k}={v}")
EOF
)

# Reads one NumPyro JSON line (the anchors' output) and prints key=value
# lines. argv[1]: "eight" (numpyro_eight_schools.run) or "logistic".
PY_NUMPYRO=$(
	cat <<'EOF'
import json, sys

def comma(x):
    return f"{round(x):,}"

kind, path = sys.argv[1], sys.argv[2]
rows = []
with open(path) as f:
    for line in f:
        if line.startswith("{"):
            rows.append(json.loads(line))
if not rows:
    print("status=failed")
    print("err=no JSON line on stdout")
    sys.exit()
r = rows[-1]
out = {"status": "ok"}
if kind == "eight":
    first, cached = r["first_run_s"], r["second_run_s"]
    var, ess = min(r["min_neff"].items(), key=lambda kv: kv[1])
    out.update(wall=f"{first:.3f} / {cached:.3f}", wall_raw=first, seconds=f"{cached:.3f}",
               ess=f"{comma(ess)} (`{var}`)", ess_raw=ess, essps=comma(ess / cached),
               essps_raw=ess / cached, grads=">= " + comma(r["leapfrogs_post"]),
               gps=">= " + comma(r["leapfrogs_post"] / cached), div=comma(r["divergences"]),
               device=r.get("method", "-"))
else:
    wall = r["wall_s"]
    out.update(wall=f"{wall:.3f}", wall_raw=wall, seconds="-", ess=comma(r["min_ess"]),
               ess_raw=r["min_ess"], essps=comma(r["min_ess"] / wall), essps_raw=r["min_ess"] / wall,
               grads=">= " + comma(r["leapfrogs_post"]), gps=">= " + comma(r["leapfrogs_post"] / wall),
               device=r.get("device", "-"))
for k, v in out.items():
    print(f"{k}={v}")
EOF
)

# run_bayes NAME ARGS...: RUNS timed runs of `bin/bayes sample ARGS... --quiet
# --format json`, stopping at the first failure, whose message goes in the table.
run_bayes() {
	local name=$1
	shift
	local cmd=("$BAYES" sample "$@" --quiet --format json)
	local walls=() files=() i rc t0 t1
	for i in $(seq "$RUNS"); do
		log "$name: bayes run $i/$RUNS"
		rc=0
		t0=$(date +%s%N)
		timeout "$BAYES_TIMEOUT" "${cmd[@]}" >"$TMP/$name.$i.json" 2>"$TMP/$name.$i.err" || rc=$?
		t1=$(date +%s%N)
		[ "$i" != 1 ] || keep "$TMP/$name.$i.err" "$name.err"
		if [ "$rc" != 0 ]; then
			keep "$TMP/$name.$i.err" "$name.$i.err"
			keep "$TMP/$name.$i.json" "$name.$i.json"
			R["$name.status"]=failed
			if [ "$rc" = 124 ]; then
				R["$name.err"]="timed out after $BAYES_TIMEOUT s"
			else
				R["$name.err"]="exit $rc: $(why "$TMP/$name.$i.err")"
			fi
			log "$name: failed: ${R[$name.err]}"
			return 0
		fi
		[ "$i" != 1 ] || keep "$TMP/$name.$i.json" "$name.json"
		walls+=("$(awk "BEGIN { printf \"%.4f\", ($t1 - $t0) / 1e9 }")")
		files+=("$TMP/$name.$i.json")
	done
	local csv
	csv=$(
		IFS=,
		echo "${walls[*]}"
	)
	if ! python3 -c "$PY_BAYES" "$csv" "${files[@]}" >"$TMP/$name.kv" 2>"$TMP/$name.pyerr"; then
		R["$name.status"]=failed
		R["$name.err"]="unreadable JSON: $(clean "$(tail -1 "$TMP/$name.pyerr")")"
		log "$name: failed: ${R[$name.err]}"
		return 0
	fi
	load "$name" <"$TMP/$name.kv"
	log "$name: wall $(get "$name" wall) s, sampling $(get "$name" seconds) s, min ESS $(get "$name" ess)"
}

# run_numpyro NAME KIND [ENV=VALUE...] -- COMMAND...: one NumPyro process
# (KIND eight or logistic, see PY_NUMPYRO), its last JSON line read.
run_numpyro() {
	local name=$1 kind=$2
	shift 2
	local envs=()
	while [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	log "$name: NumPyro"
	local rc=0
	mkdir -p "$TMP/np"
	env "${envs[@]}" OUT="$TMP/np" timeout "$NUMPYRO_TIMEOUT" "$@" >"$TMP/$name.np.out" 2>"$TMP/$name.np.err" || rc=$?
	keep "$TMP/$name.np.out" "$name.numpyro.out"
	keep "$TMP/$name.np.err" "$name.numpyro.err"
	if [ "$rc" != 0 ]; then
		R["$name.status"]=failed
		if [ "$rc" = 124 ]; then
			R["$name.err"]="timed out after $NUMPYRO_TIMEOUT s"
		else
			R["$name.err"]="exit $rc: $(clean "$(grep -v '^[[:space:]]*$' "$TMP/$name.np.err" | tail -1)")"
		fi
		log "$name: NumPyro failed: ${R[$name.err]}"
		return 0
	fi
	if ! python3 -c "$PY_NUMPYRO" "$kind" "$TMP/$name.np.out" >"$TMP/$name.kv" 2>"$TMP/$name.pyerr"; then
		R["$name.status"]=failed
		R["$name.err"]="unreadable output: $(clean "$(tail -1 "$TMP/$name.pyerr")")"
		return 0
	fi
	load "$name" <"$TMP/$name.kv"
	log "$name: NumPyro wall $(get "$name" wall) s, min ESS $(get "$name" ess)"
}

# numpyro_eight NAME CHAINS SAMPLES METHOD [ENV=VALUE...]: the anchors'
# numpyro_eight_schools.run on the non-centered model (imported: its
# command-line modes run fixed lists of settings).
numpyro_eight() {
	local name=$1 chains=$2 samples=$3 method=$4
	shift 4
	run_numpyro "$name" eight "$@" -- python3 -c '
import json, sys
sys.path.insert(0, sys.argv[1])
import numpyro_eight_schools as m
r = m.run(m.noncentered, int(sys.argv[2]), 1000, int(sys.argv[3]), sys.argv[4])
print(json.dumps(r), flush=True)
' "$ANCHORS" "$chains" "$samples" "$method"
}

# row NAME LABEL: a table row of bayes or NumPyro results.
row() {
	local n=$1 label=$2
	if [ "$(get "$n" status)" = ok ]; then
		local where
		where=$(get "$n" device)
		[ "$(get "$n" regime)" = - ] || where+=" / $(get "$n" regime)"
		printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" \
			"$where" "$(get "$n" wall)" "$(get "$n" seconds)" \
			"$(get "$n" ess)" "$(get "$n" essps)" "$(get "$n" gps)" "$(get "$n" grads)" "$(get "$n" div)"
	elif [ "$(get "$n" status)" = failed ]; then
		printf '| %s | failed: %s | | | | | | | |\n' "$label" "$(get "$n" err)"
	fi
}
HEADER='| | device / regime | wall (s) | sampling (s) | min bulk ESS | min ESS/s | gradients/s | gradients | divergences |
|---|---|---:|---:|---:|---:|---:|---:|---:|'

# verdict OK: met or missed (OK is awk's 1 or 0).
verdict() { if [ "$1" = 1 ]; then echo "**met**"; else echo "**missed**"; fi; }
# ratio A B: A's min ESS/s over B's, one decimal.
ratio() { awk -v a="$(get "$1" essps_raw)" -v b="$(get "$2" essps_raw)" 'BEGIN { printf "%.1f", (b > 0) ? a / b : 0 }'; }
# lt A B: 1 if A < B (numbers), else 0.
lt() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 < b + 0) ? 1 : 0 }'; }

# ---- the report -------------------------------------------------------------

START=$(date -u +%Y-%m-%dT%H:%MZ)
COMMIT=$(git describe --always --dirty 2>/dev/null || echo unknown)
GPU_SMI=$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | head -1 || true)
CPU=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //' || true)

# report: the Markdown section from the results so far, to $TMP/section.md
# and, with OUT set, $OUT/bench-gpu.md (rewritten after each workload, so that
# a run stopped at a time limit leaves what it measured).
PARTIAL=1
report() {
	local when="so far" line ratio c n
	[ "$PARTIAL" != 0 ] || when="in all"
	{
		echo
		echo "## GPU benchmark (\`make bench-gpu\`), $(date -u +%Y-%m-%d)"
		echo
		echo "- machine: ${GPU_SMI:-$(head -1 <<<"${GPU_LINES:-no GPU listed}")}; $(nproc) cores, ${CPU:-unknown CPU}"
		[ "$PARTIAL" = 0 ] || echo "- **partial**: written while the run went on; it did not finish"
		echo "- run: $START, $SECONDS s $when, commit $COMMIT, bayes $BUILT; bayes runs per setting: $RUNS (medians)"
		if [ "$NUMPYRO" = 0 ]; then echo "- NumPyro: $NP_NOTE"; else echo "- NumPyro: $NP_VERSIONS, scripts of $ANCHORS"; fi
		echo "- wall: the whole \`bayes sample\` command (load, compile, sample, summarise); sampling: its JSON's run.seconds; min ESS/s: per wall second; gradients/s: run.gradients (all leapfrog steps, warmup included) per sampling second"
		if [ "$NUMPYRO" != 0 ]; then
			echo "- NumPyro logistic: one run, JIT included (numpyro_logistic.py); X in float32 (bayes reads the same values in float64)"
			echo "- NumPyro eight schools: wall = first run (JIT) / cached second run, sampling and ESS/s: the cached run (the anchors' convention); min ESS is NumPyro's n_eff (not rank-normalised) over mu, tau, theta; gradients = post-warmup leapfrog steps only, so gradients/s is a lower bound"
		fi

		if [ "$SKIP_SCALE" = 0 ]; then
			echo
			echo "### Eight schools non-centered, C chains x (1000 + 1000), seed 1, --device $SCALE_DEVICE"
			echo
			echo "$HEADER"
			for c in $CHAINS_LIST; do
				row "scale$c" "bayes, $c chains"
				row "np_scale$c" "NumPyro GPU, $c chains"
			done
			echo
			echo "bayes: \`bin/bayes sample models/eight_schools.bym --data data/schools.json --chains C --warmup 1000 --samples 1000 --seed 1 --noncentered theta --device $SCALE_DEVICE --quiet --format json\`"
			line=""
			for c in $CHAINS_LIST; do
				if [ "$(get "scale$c" status)" = ok ] && [ "$(get "np_scale$c" status)" = ok ]; then
					line+="${line:+, }$c chains $(ratio "scale$c" "np_scale$c")x"
				fi
			done
			[ -z "$line" ] || echo "bayes / NumPyro, min ESS/s: $line"
		fi

		if [ "$SKIP_SEED" = 0 ]; then
			echo
			echo "### The seed's workload: eight schools non-centered, 8 chains x (1000 + 5000), seed 1"
			echo
			echo "$HEADER"
			row seed_auto "bayes --device auto"
			row seed_cuda "bayes --device cuda"
			row seed_cpu "bayes --device cpu"
			row np_seed_gpu "NumPyro GPU (vectorized)"
			row np_seed_cpu "NumPyro CPU (parallel)"
			echo
			echo "bayes: \`bin/bayes sample ${SEED_ARGS[*]} --device D --quiet --format json\`"
		fi

		if [ "$SKIP_LOGISTIC" = 0 ]; then
			echo
			echo "### Logistic regression, D = 20, 4 chains x (1000 + 1000), seed 1, --device $LOGISTIC_DEVICE"
			echo
			echo "$HEADER"
			for n in ${NS//,/ }; do
				row "logistic$n" "bayes, N = $n"
				row "np_logistic$n" "NumPyro GPU, N = $n"
			done
			echo
			echo "bayes: \`bin/bayes sample models/logistic.bym --data logistic_N.json --chains 4 --warmup 1000 --samples 1000 --seed 1 --device $LOGISTIC_DEVICE --quiet --format json\`, data from \`python3 bench/logistic_data.py N\`"
		fi

		echo
		echo "### Targets (issue 8)"
		echo
		if [ "$SKIP_SCALE" = 0 ] && [ "$(get scale32768 status)" = ok ]; then
			line="- 32,768 chains: at least 5,000,000 min-ESS/s: $(get scale32768 essps) per wall second ($(verdict "$(lt 4999999.5 "$(get scale32768 essps_raw)")")), $(get scale32768 essps_sampling) per sampling second"
			if [ "$(get np_scale32768 status)" = ok ]; then
				ratio=$(ratio scale32768 np_scale32768)
				line+="; $ratio times NumPyro's $(get np_scale32768 essps) side by side (10x: $(verdict "$(lt 9.99999 "$ratio")"))"
			fi
			echo "$line"
		else
			echo "- 32,768 chains, 5,000,000 min-ESS/s: not measured ($(missing scale32768))"
		fi
		if [ "$SKIP_LOGISTIC" = 0 ] && [ "$(get logistic100000 status)" = ok ]; then
			echo "- logistic N = 10^5 under 1 s: whole command $(get logistic100000 wall) s ($(verdict "$(lt "$(get logistic100000 wall_raw)" 1)")), sampling $(get logistic100000 seconds) s ($(verdict "$(lt "$(get logistic100000 seconds_raw)" 1)"))"
		else
			echo "- logistic N = 10^5 under 1 s: not measured ($(missing logistic100000))"
		fi
		if [ "$SKIP_SEED" = 0 ] && [ "$(get seed_auto status)" = ok ]; then
			line="- the seed's workload under 1 s on --device auto (it chose $(get seed_auto device) / $(get seed_auto regime)): $(get seed_auto wall) s ($(verdict "$(lt "$(get seed_auto wall_raw)" 1)"))"
			if [ "$(get seed_cuda status)" = ok ]; then
				line+="; forced cuda: $(get seed_cuda wall) s ($(verdict "$(lt "$(get seed_cuda wall_raw)" 1)"))"
			fi
			echo "$line"
		else
			echo "- the seed's workload under 1 s on --device auto: not measured ($(missing seed_auto))"
		fi
	} >"$TMP/section.md"
	if [ -n "$OUT" ]; then cp "$TMP/section.md" "$OUT/bench-gpu.md"; fi
}

# ---- the workloads ----------------------------------------------------------

SEED_ARGS=(models/eight_schools.bym --data data/schools.json --chains 8 --warmup 1000
	--samples 5000 --seed 1 --noncentered theta)

if [ "$SKIP_SCALE" = 0 ]; then
	for c in $CHAINS_LIST; do
		run_bayes "scale$c" models/eight_schools.bym --data data/schools.json --chains "$c" \
			--warmup 1000 --samples 1000 --seed 1 --noncentered theta --device "$SCALE_DEVICE"
		[ "$NUMPYRO" = 0 ] || numpyro_eight "np_scale$c" "$c" 1000 vectorized
		report
	done
fi

if [ "$SKIP_SEED" = 0 ]; then
	for d in auto cuda cpu; do
		run_bayes "seed_$d" "${SEED_ARGS[@]}" --device "$d"
	done
	if [ "$NUMPYRO" != 0 ]; then
		numpyro_eight np_seed_gpu 8 5000 vectorized
		numpyro_eight np_seed_cpu 8 5000 parallel JAX_PLATFORMS=cpu \
			XLA_FLAGS=--xla_force_host_platform_device_count=8
	fi
	report
fi

if [ "$SKIP_LOGISTIC" = 0 ]; then
	mkdir -p "$BENCH_DATA"
	for n in ${NS//,/ }; do
		f=$BENCH_DATA/logistic_$n.json
		if [ ! -s "$f" ]; then
			log "logistic N=$n: writing $f (bench/logistic_data.py)"
			if ! python3 bench/logistic_data.py "$n" "$f.tmp" 2>"$TMP/data$n.err"; then
				R["logistic$n.status"]=failed
				R["logistic$n.err"]="no data: bench/logistic_data.py: $(clean "$(tail -1 "$TMP/data$n.err")")"
				log "logistic N=$n: ${R[logistic$n.err]}"
				continue
			fi
			mv "$f.tmp" "$f"
		fi
		run_bayes "logistic$n" models/logistic.bym --data "$f" --chains 4 --warmup 1000 \
			--samples 1000 --seed 1 --device "$LOGISTIC_DEVICE"
		report
	done
	if [ "$NUMPYRO" != 0 ]; then
		for n in ${NS//,/ }; do
			case ",$NUMPYRO_NS," in *",$n,"*) ;; *) continue ;; esac
			run_numpyro "np_logistic$n" logistic NS="$n" -- python3 "$ANCHORS/numpyro_logistic.py" vectorized 4
			report
		done
	fi
fi


PARTIAL=0
report
cat "$TMP/section.md"
if [ -n "$OUT" ]; then
	log "written to $OUT/bench-gpu.md (raw runs: $OUT/bench-gpu-raw.tar.gz)"
fi
if [ "$BENCH_RECORD" = 1 ]; then
	cat "$TMP/section.md" >>BENCHMARKS.md
	log "appended to BENCHMARKS.md"
fi
