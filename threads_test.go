package bayes

import (
	"context"
	"io"
	"math"
	"path/filepath"
	"testing"

	"github.com/bayes-dev/bayes/sampler"
)

// TestSampleThreadsSameDraws: a model with reduce_sum draws the same
// values, bit for bit, with 1 thread per chain and with 4
// (Request.Threads): the partial sums are added in slice order whatever
// the threads.
func TestSampleThreadsSameDraws(t *testing.T) {
	draws := func(threads int) [][][]float64 {
		cfg := sampler.DefaultConfig()
		cfg.Chains, cfg.Warmup, cfg.Samples, cfg.Seed = 2, 100, 50, 16
		dir := filepath.Join("compiler", "testdata", "higher")
		run, err := Sample(context.Background(), Request{Model: filepath.Join(dir, "reduce.bym"),
			Data: filepath.Join(dir, "reduce.json"), Sampler: cfg, Device: DeviceCPU, Threads: threads, Log: io.Discard, Quiet: true})
		if err != nil {
			t.Fatal(err)
		}
		return run.Draws
	}
	want, got := draws(1), draws(4)
	if len(got) != len(want) {
		t.Fatalf("%d columns with 4 threads, %d with 1", len(got), len(want))
	}
	for col := range want {
		for c := range want[col] {
			for d, w := range want[col][c] {
				if math.Float64bits(got[col][c][d]) != math.Float64bits(w) {
					t.Fatalf("column %d, chain %d, draw %d: %.17g with 4 threads, %.17g with 1", col, c, d, got[col][c][d], w)
				}
			}
		}
	}
}
