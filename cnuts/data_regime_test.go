package cnuts

import (
	"slices"
	"testing"

	"github.com/bayes-dev/bayes/cnuts/cnutstest"
	"github.com/bayes-dev/bayes/sampler"
)

// TestDataRegimeOnHost runs the data regime (a group of threads per chain,
// every thread running the NUTS, the gradient shared) in its plain-C build,
// 3 POSIX threads per chain, against the chains regime (one thread per
// chain) on the same model: the sums of the shared gradient round
// differently, so the chains are not bit-identical, but the posteriors must
// agree within Monte Carlo error (4 combined standard errors, from each
// run's effective sample size). The data regime's chains also start from
// a saved adaptation and point (the chains regime's: each samples with its
// chain's step size and metric) and adapt as nutpie does (the posterior
// again).
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

	from := cfg
	from.Warmup, from.Samples = 0, 20
	d, l := a.Dim, a.MetricLen
	for c := range 4 {
		from.AdaptFrom = append(from.AdaptFrom, sampler.ChainState{Stepsize: a.Stepsize[c], Metric: sampler.Diag, InvMetric: a.InvMetric[c*l : (c+1)*l]})
		from.Inits = append(from.Inits, a.Position[c*d:(c+1)*d])
	}
	f, err := shared.Run(4, from)
	if err != nil {
		t.Fatal(err)
	}
	for c := range 4 {
		if f.Stat(c, 0)[StatStepsize] != a.Stepsize[c] || !slices.Equal(f.InvMetric[c*l:(c+1)*l], from.AdaptFrom[c].InvMetric) {
			t.Errorf("chain %d from a saved adaptation: step size %v and metric %v, want the saved %v and %v",
				c+1, f.Stat(c, 0)[StatStepsize], f.InvMetric[c*l:(c+1)*l], a.Stepsize[c], from.AdaptFrom[c].InvMetric)
		}
	}

	nutpie := cfg
	nutpie.Adapt = sampler.AdaptNutpie
	n, err := shared.Run(4, nutpie)
	if err != nil {
		t.Fatal(err)
	}
	cnutstest.SamePosterior(t, m, a, n)
}
