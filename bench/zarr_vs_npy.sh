#!/bin/bash
# zarr_vs_npy.sh BAYES [REPS]: wall time of bayes sample and the bytes and
# files it writes (and the CPU time, user + system, steadier than wall time
# on a shared machine), for the many-chain formats npy and zarr, at 10,000 chains
# of non-centered eight schools, 100 warmup + 100 draws, on the CPU. The two
# formats alternate, REPS times each (default 3), so that a machine's drift
# hits both. (BENCHMARKS.md, "Zarr or NPY for many chains".)
set -e
bayes=${1:?usage: zarr_vs_npy.sh BAYES [REPS]}
reps=${2:-3}
tmp=$(mktemp -d)
echo "$(date -u) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
for rep in $(seq "$reps"); do
	for fmt in npy zarr; do
		d=$tmp/$fmt
		rm -rf "$d"
		/usr/bin/time -o "$tmp/time" -f '%e %U %S' "$bayes" sample models/eight_schools.bym --data data/schools.json --noncentered theta \
			--chains 10000 --warmup 100 --samples 100 --seed 1 --device cpu --quiet --format json \
			--output-dir "$d" --output-format "$fmt" >/dev/null 2>"$tmp/err"
		read -r wall user sys <"$tmp/time"
		bytes=$(find "$d"/draws.* -type f -printf '%s\n' | awk '{s += $1} END {print s}')
		files=$(find "$d"/draws.* -type f | wc -l)
		printf '%s rep %d: wall %.2f s, CPU %.2f s, %d bytes in %d files\n' "$fmt" "$rep" "$wall" "$(awk "BEGIN {print $user + $sys}")" "$bytes" "$files"
	done
done
rm -rf "$tmp"
