package sampler

import (
	"slices"
	"strings"
	"testing"
)

// TestSuperchainsShareInitialPoint: with 12 chains in 3 superchains, the
// chains of a superchain start at one point, the superchains at different
// points, and each superchain's first chain starts where it does without
// superchains. Then each chain samples from its own stream: the chains of
// a superchain part after their first transition. A run split by
// --chain-offset into jobs of whole superchains starts its chains alike.
func TestSuperchainsShareInitialPoint(t *testing.T) {
	starts := func(cfg Config) [][]float64 {
		cfg.Warmup, cfg.Samples = 20, 1
		ks := make([]*firstPoint, cfg.Chains)
		for c := range ks {
			ks[c] = &firstPoint{}
		}
		r, err := collect(t, cfg, func(c int) Kernel { return ks[c] })
		if err != nil {
			t.Fatal(err)
		}
		out := make([][]float64, cfg.Chains)
		for c, k := range ks {
			out[c] = k.q
		}
		for c := 1; c < cfg.Chains; c++ {
			if slices.Equal(r.q[c][0], r.q[0][0]) {
				t.Errorf("chain %d's first draw equals chain 1's: the chains do not sample from their own streams", c+1)
			}
		}
		return out
	}
	cfg := testConfig(12, 9)
	plain := starts(cfg)
	cfg.Superchains = 3
	nested := starts(cfg)
	for c, q := range nested {
		lead := c - c%4
		if !slices.Equal(q, nested[lead]) {
			t.Errorf("chain %d starts at %v, its superchain's first chain %d at %v", c+1, q, lead+1, nested[lead])
		}
		if c == lead && !slices.Equal(q, plain[c]) {
			t.Errorf("chain %d starts at %v, and at %v without superchains", c+1, q, plain[c])
		}
	}
	if slices.Equal(nested[0], nested[4]) || slices.Equal(nested[4], nested[8]) {
		t.Errorf("superchains start at the same point: %v, %v, %v", nested[0], nested[4], nested[8])
	}
	job := testConfig(8, 9)
	job.Superchains, job.ChainOffset = 2, 4 // chains 5-12 of the run above
	for c, q := range starts(job) {
		if !slices.Equal(q, nested[c+4]) {
			t.Errorf("job chain %d starts at %v, chain %d of the whole run at %v", c+5, q, c+5, nested[c+4])
		}
	}
}

func TestSuperchainsCheck(t *testing.T) {
	for _, tt := range []struct {
		chains, offset, superchains int
		want                        string
	}{
		{8, 0, 1, "must be 0 (none) or at least 2"},
		{8, 0, -2, "must be 0 (none) or at least 2"},
		{8, 0, 3, "must divide Chains (8)"},
		{8, 2, 2, "the offset must be a multiple of the chains per superchain (4)"},
	} {
		cfg := testConfig(tt.chains, 1)
		cfg.ChainOffset, cfg.Superchains = tt.offset, tt.superchains
		if err := cfg.Check(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt, err, tt.want)
		}
	}
}
