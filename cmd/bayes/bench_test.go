package main

import (
	"io"
	"os"
	"testing"
)

// seedCommand is the headline workload of BENCHMARKS.md, as
// bench/eight_schools.sh runs it: the seed's non-centered eight schools,
// 8 chains x (1000 warmup + 5000 draws), seed 1, the summary table printed.
var seedCommand = []string{"sample", "models/eight_schools.bym", "--data", "data/schools.json",
	"--chains", "8", "--warmup", "1000", "--samples", "5000", "--noncentered", "theta", "--seed", "1", "--quiet"}

// BenchmarkSeedCommand runs the whole `bayes sample` command of the seed
// workload in-process (parse, compile, sampling, summary, table; the output
// discarded), for the CPU profile of bench/profile.sh, which runs it with
// GOMAXPROCS=1.
func BenchmarkSeedCommand(b *testing.B) {
	wd, err := os.Getwd()
	if err != nil {
		b.Fatal(err)
	}
	if err := os.Chdir(repoRoot); err != nil {
		b.Fatal(err)
	}
	defer os.Chdir(wd)
	for b.Loop() {
		if code := run(seedCommand, io.Discard, io.Discard); code != 0 {
			b.Fatalf("bayes %v: exit status %d", seedCommand, code)
		}
	}
}
