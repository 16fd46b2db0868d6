package bayes

import (
	"context"
	"io"
	"math"
	"path/filepath"
	"testing"

	"github.com/bayes-dev/bayes/sampler"
)

// TestSampleThreadsSameDraws: a model with reduce_sum, and one with
// map_rect, draws the same values, bit for bit, with 1 thread per chain
// and with 4 (Request.Threads): the partial sums are added in slice
// order, and each job writes its own outputs, whatever the threads.
func TestSampleThreadsSameDraws(t *testing.T) {
	for _, model := range []string{"reduce", "maprect"} {
		t.Run(model, func(t *testing.T) { sameDraws(t, model+".bym", model+".json") })
	}
}

// sameDraws samples model with data, in compiler/testdata/higher, with 1
// and with 4 threads per chain, and compares the draws bit for bit.
func sameDraws(t *testing.T, model, data string) {
	draws := func(threads int) [][][]float64 {
		cfg := sampler.DefaultConfig()
		cfg.Chains, cfg.Warmup, cfg.Samples, cfg.Seed = 2, 100, 50, 16
		dir := filepath.Join("compiler", "testdata", "higher")
		run, err := Sample(context.Background(), Request{Model: filepath.Join(dir, model),
			Data: filepath.Join(dir, data), Sampler: cfg, Device: DeviceCPU, Threads: threads, Log: io.Discard, Quiet: true})
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
