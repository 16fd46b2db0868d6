package cnuts

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestStreamBlocks: how a run is cut into blocks changes no draw, warmup
// and sampling never share a block, the sampling rows arrive in order and
// without gaps, and the gradient count is the leapfrog steps of the rows
// plus one per chain for its initial point (no warmup: no step-size
// search; a standard normal is finite at the first try).
func TestStreamBlocks(t *testing.T) {
	hc := buildChains(t, stdNormalModel(t))
	cfg := DefaultChainConfig()
	cfg.Seed, cfg.Warmup, cfg.Samples = 11, 60, 45
	cfg.MaxBlock = 1000
	whole, err := hc.Run(3, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, maxBlock := range []int{1, 7, 0} {
		t.Run(fmt.Sprintf("MaxBlock=%d", maxBlock), func(t *testing.T) {
			cfg.MaxBlock = maxBlock
			got, err := hc.Run(3, cfg)
			if err != nil {
				t.Fatal(err)
			}
			for i := range whole.Draws {
				if got.Draws[i] != whole.Draws[i] {
					t.Fatalf("draw value %d: %.17g in blocks of %d, %.17g in one block", i, got.Draws[i], maxBlock, whole.Draws[i])
				}
			}
			for i := range whole.Stats {
				if got.Stats[i] != whole.Stats[i] {
					t.Fatalf("statistic %d: %.17g in blocks of %d, %.17g in one block", i, got.Stats[i], maxBlock, whole.Stats[i])
				}
			}
			if got.Gradients != whole.Gradients {
				t.Errorf("gradients %d in blocks of %d, %d in one block", got.Gradients, maxBlock, whole.Gradients)
			}
		})
	}

	cfg.MaxBlock = 7
	next, iters := 0, 0
	err = hc.Stream(context.Background(), 3, cfg, func(b *Block) error {
		if b.Iterations <= iters {
			t.Errorf("block ends at iteration %d after one that ended at %d", b.Iterations, iters)
		}
		if spans := iters < cfg.Warmup && b.Iterations > cfg.Warmup; spans {
			t.Errorf("a block spans warmup and sampling: iterations %d to %d", iters, b.Iterations)
		}
		if b.Warmup != (iters < cfg.Warmup) || (b.Warmup && b.Rows != 0) {
			t.Errorf("block to iteration %d: Warmup %v with %d rows", b.Iterations, b.Warmup, b.Rows)
		}
		if !b.Warmup && (b.First != next || b.First+b.Rows != b.Iterations-cfg.Warmup) {
			t.Errorf("block to iteration %d holds rows %d..%d, want %d..%d", b.Iterations, b.First, b.First+b.Rows-1, next, b.Iterations-cfg.Warmup-1)
		}
		next, iters = b.First+b.Rows, b.Iterations
		return nil
	})
	if err != nil || next != cfg.Samples {
		t.Errorf("Stream: %v after %d rows, want nil after %d", err, next, cfg.Samples)
	}

	cfg.Warmup, cfg.Stepsize = 0, 0.5
	r, err := hc.Run(2, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var steps int64
	for c := range r.Chains {
		for i := range r.Samples {
			steps += int64(r.Stat(c, i)[StatNLeapfrog])
		}
	}
	if want := steps + int64(r.Chains); r.Gradients != want {
		t.Errorf("without warmup: Gradients %d, want the rows' n_leapfrog__ (%d) + one per chain = %d", r.Gradients, steps, want)
	}
}

// TestStreamStops: an error from emit, or a cancelled context, ends the
// run after the block in progress with that error.
func TestStreamStops(t *testing.T) {
	hc := buildChains(t, stdNormalModel(t))
	cfg := DefaultChainConfig()
	cfg.Seed, cfg.Warmup, cfg.Samples, cfg.MaxBlock = 2, 20, 100, 10
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rows := 0
	err := hc.Stream(ctx, 2, cfg, func(b *Block) error {
		rows += b.Rows
		if rows > 0 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || rows != 10 {
		t.Errorf("cancelled after the first sampling block: %v after %d rows, want context.Canceled after 10", err, rows)
	}
	stop := errors.New("disk full")
	err = hc.Stream(context.Background(), 2, cfg, func(b *Block) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("emit failing: Stream returned %v, want its error", err)
	}
}
