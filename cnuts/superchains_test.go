package cnuts

import (
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bayes-dev/bayes/cnuts/cnutstest"
)

// TestSuperchainsShareInitialPoint runs the device sampler (built with cc)
// for one transition of a step size so small that the draw is the initial
// point to 1e-6: with 6 chains in 2 superchains, the chains of a
// superchain start at one point and the superchains at two; each
// superchain's first chain is bit for bit the chain of a run without
// superchains, and the others, from their own streams, are not, nor do
// they repeat their first chain's transition.
func TestSuperchainsShareInitialPoint(t *testing.T) {
	hc := buildChains(t, cnutstest.CompileModel(t, filepath.Join("testdata", "std_normal_10.bym"), ""))
	cfg := DefaultChainConfig()
	cfg.Seed, cfg.Warmup, cfg.Samples, cfg.Stepsize, cfg.MaxTreeDepth = 7, 0, 1, 1e-9, 1
	plain, err := hc.Run(6, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Superchains = 2
	nested, err := hc.Run(6, cfg)
	if err != nil {
		t.Fatal(err)
	}
	near := func(a, b []float64) bool {
		for i := range a {
			if math.Abs(a[i]-b[i]) > 1e-6 {
				return false
			}
		}
		return true
	}
	for c := range 6 {
		lead := c - c%3
		q, q0 := nested.Draw(c, 0), nested.Draw(lead, 0)
		if !near(q, q0) {
			t.Errorf("chain %d's first draw %v is not its superchain's initial point %v", c+1, q, q0)
		}
		if same := slices.Equal(q, plain.Draw(c, 0)); same != (c == lead) {
			t.Errorf("chain %d: draw equal to the plain run's: %v, want %v", c+1, same, c == lead)
		}
		if c != lead && slices.Equal(q, q0) {
			t.Errorf("chain %d's draw is its superchain's first chain's, bit for bit: it does not sample from its own stream", c+1)
		}
	}
	if near(nested.Draw(0, 0), nested.Draw(3, 0)) {
		t.Errorf("the two superchains start at one point %v", nested.Draw(0, 0))
	}
}
