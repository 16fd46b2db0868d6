package cnuts

import (
	"context"
	"slices"
	"testing"

	"github.com/bayes-dev/bayes/sampler"
)

// TestWindowsFollowGo: the C sampler updates its inverse metric after the
// warmup iterations of sampler.Config.MetricWindows and after no other, for the
// diagonal and the dense metric, and for warmup lengths with no window
// (19), one shrunk window (100), Stan's full schedule (400) and bayes's
// shorter initial buffer (400, ShortInitBuffer): blocks of
// one iteration show each chain's inverse metric after every iteration.
func TestWindowsFollowGo(t *testing.T) {
	for _, metric := range []sampler.Metric{sampler.Diag, sampler.Dense} {
		hc := buildChainsWith(t, correlatedModel(t), ChainOptions{Metric: metric})
		for _, tc := range []struct {
			warmup int
			short  bool // ShortInitBuffer
		}{{19, false}, {100, false}, {400, false}, {400, true}} {
			warmup := tc.warmup
			cfg := DefaultChainConfig()
			cfg.Seed, cfg.Warmup, cfg.Samples, cfg.Metric, cfg.MaxBlock, cfg.ShortInitBuffer = 3, warmup, 1, metric, 1, tc.short
			_, _, want := cfg.MetricWindows()
			var changed [2][]int
			prev := [2][]float64{}
			err := hc.Stream(context.Background(), 2, cfg, func(b *Block) error {
				for c := range 2 {
					inv := b.InvMetric(c)
					if prev[c] != nil && !slices.Equal(inv, prev[c]) {
						changed[c] = append(changed[c], b.Iterations-1) // the iteration after which it changed
					}
					prev[c] = slices.Clone(inv)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for c := range 2 {
				if !slices.Equal(changed[c], want) {
					t.Errorf("%s, warmup %d (short initial buffer %v), chain %d: the inverse metric changed after iterations %v, want %v (Config.MetricWindows)", metric, warmup, tc.short, c+1, changed[c], want)
				}
			}
		}
	}
}
