#!/usr/bin/env bash
# bench/nvrtc.sh: NVRTC's compile time for the GPU sampler's chain sources,
# the NVRTC figures of BENCHMARKS.md ("GPU backend"): BenchmarkNVRTC of
# package cuda, one compile per op (cuda.CompileCUDA, no cache), printed as
# seconds per compile with the source's size.
#
#   bench/nvrtc.sh     # eight schools, hmm_example, garch: PTX and CUBIN, one thread per chain, float64
#   BENCH='NVRTC/./././^compute_90$' bench/nvrtc.sh   # every source to PTX (posteriordb: needs ../shared)
#   NVRTC_DIR=/tmp/nv/usr/lib/x86_64-linux-gnu bench/nvrtc.sh   # an NVRTC unpacked, not installed (both
#     libnvrtc11.2 and libnvrtc-builtins11.8)
#
# NVRTC needs no GPU, but cuda.Open loads it only beside a driver: where no
# libcuda.so.1 is installed, the script builds the stand-in driver of
# cuda/testdata/fakecuda (its libcuda.so.1 only: NVRTC stays the real one)
# and puts it first on LD_LIBRARY_PATH. NVRTC is found as cuda finds it
# (LD_LIBRARY_PATH, then /etc/ld.so.cache, then /usr/local/cuda/lib64), with
# NVRTC_DIR first; Debian's is the non-free package libnvrtc11.2 (NVRTC 11.8),
# which `apt-get download` fetches and `dpkg-deb -x` unpacks. Without NVRTC
# the script says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH=${BENCH:-'NVRTC/^(eight_schools|hmm_example-hmm_example|garch-garch11)$/^chains$/^float64$/'}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

LIBS=${NVRTC_DIR:-}
if ! ldconfig -p 2>/dev/null | grep -q 'libcuda\.so\.1 '; then
	echo "no NVIDIA driver here: NVRTC runs beside the stand-in libcuda.so.1 of cuda/testdata/fakecuda"
	cc -O1 -shared -fPIC -pthread -o "$TMP/libcuda.so.1" cuda/testdata/fakecuda/cuda.c -ldl
	LIBS=$TMP${LIBS:+:$LIBS}
fi

go test -c -o "$TMP/cuda.test" ./cuda
(cd cuda && LD_LIBRARY_PATH="$LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$TMP/cuda.test" \
	-test.run '^$' -test.bench "$BENCH" -test.benchtime 1x -test.v) >"$TMP/out.txt" 2>&1 || {
	cat "$TMP/out.txt"
	exit 1
}
if grep -q -- '--- SKIP: BenchmarkNVRTC' "$TMP/out.txt"; then
	grep -B1 -- '--- SKIP: BenchmarkNVRTC' "$TMP/out.txt" | head -1 | sed 's/^ *[a-z_]*\.go:[0-9]*: /skipping: /'
	exit 0
fi
grep -m1 'NVRTC [0-9]' "$TMP/out.txt" | sed 's/^ *[a-z_]*\.go:[0-9]*: //'
echo
echo "| source (model/regime/precision/arch) | size (KB) | compile (s) |"
echo "|---|---:|---:|"
awk '$1 ~ /^BenchmarkNVRTC\// && / ns\/op/ {
	name = $1; sub(/^BenchmarkNVRTC\//, "", name); sub(/-[0-9]+$/, "", name)
	sec = kb = 0
	for (i = 2; i < NF; i++) {
		if ($(i + 1) == "ns/op") sec = $i / 1e9
		if ($(i + 1) == "source-bytes") kb = $i / 1000
	}
	printf "| %s | %.0f | %.2f |\n", name, kb, sec
}' "$TMP/out.txt"
