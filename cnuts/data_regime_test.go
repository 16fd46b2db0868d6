package cnuts

import (
	"testing"

	"github.com/bayes-dev/bayes/cnuts/cnutstest"
)

// TestDataRegimeOnHost runs the data regime (a group of threads per chain,
// every thread running the NUTS, the gradient shared) in its plain-C build,
// 3 POSIX threads per chain, against the chains regime (one thread per
// chain) on the same model: the sums of the shared gradient round
// differently, so the chains are not bit-identical, but the posteriors must
// agree within Monte Carlo error (4 combined standard errors, from each
// run's effective sample size).
func TestDataRegimeOnHost(t *testing.T) {
	m := cnutstest.Logistic(t, 400, 3)
	group, err := NewChainSource(m, ChainOptions{Regime: RegimeData})
	if err != nil {
		t.Fatal(err)
	}
	if group.Regime != RegimeData || group.RedWidth < 1 {
		t.Fatalf("RegimeData source: Regime %v, RedWidth %d", group.Regime, group.RedWidth)
	}
	single := buildChains(t, m)
	shared, err := BuildHost(group)
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	cfg := DefaultChainConfig()
	cfg.Seed, cfg.Warmup, cfg.Samples = 9, 300, 500
	a, err := single.Run(4, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := shared.Run(4, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if b.Gradients < int64(4*(cfg.Warmup+cfg.Samples)) {
		t.Errorf("the data regime counted %d gradients for %d iterations", b.Gradients, 4*(cfg.Warmup+cfg.Samples))
	}
	cnutstest.SamePosterior(t, m, a, b)
}
