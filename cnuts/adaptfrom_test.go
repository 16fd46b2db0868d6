package cnuts

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/bayes-dev/bayes/cnuts/cnutstest"
	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/sampler"
)

// savedStates are two chains' adaptations to start from, for a source of
// the metric: the Go sampler's adapted step size, metric and last point
// (adaptedStart), and for the second chain the step size times 0.7, the
// metric times 1.3 and the point moved by 0.1 per coordinate, so that a
// chain that took the other's row would be seen.
func savedStates(t *testing.T, m *compiler.Model, metric sampler.Metric) ([]sampler.ChainState, [][]float64) {
	t.Helper()
	q, eps, inv := adaptedStart(t, m, 2026, metric)
	inv2 := slices.Clone(inv)
	for i := range inv2 {
		inv2[i] *= 1.3
	}
	q2 := slices.Clone(q)
	for i := range q2 {
		q2[i] += 0.1
	}
	states := []sampler.ChainState{
		{Stepsize: eps, Metric: metric, InvMetric: inv},
		{Stepsize: 0.7 * eps, Metric: metric, InvMetric: inv2},
	}
	return states, [][]float64{q, q2}
}

// TestAdaptFromFirstTransition holds a chain started from a saved
// adaptation and point (ChainConfig.AdaptFrom and Inits, the C's
// BAYES_NUTS_FROM rows) to the Go sampler: with no warmup, chain c's first
// draw must be sampler.Transition's from chain c's point, with its step
// size and inverse metric, fed chain c's Philox stream (an initial point
// given whole draws no random number): the same tree, the same step size
// in stepsize__, and the same point within 1e-10 relative, for the
// diagonal and the dense metric.
func TestAdaptFromFirstTransition(t *testing.T) {
	skipWithoutCC(t)
	m := cnutstest.EightSchools(t)
	for _, metric := range []sampler.Metric{sampler.Diag, sampler.Dense} {
		t.Run(metric.String(), func(t *testing.T) {
			ct := buildTransitions(t, m, metric)
			states, inits := savedStates(t, m, metric)
			cfg := DefaultChainConfig()
			cfg.Seed, cfg.Warmup, cfg.Samples, cfg.Metric = 41, 0, 1, metric
			cfg.AdaptFrom, cfg.Inits = states, inits
			r, err := ct.hc.Run(2, cfg)
			if err != nil {
				t.Fatal(err)
			}
			k := m.NewKernel()
			for c := range 2 {
				g := make([]uint64, ct.rngWords)
				ct.rngInit(&g[0], cfg.Seed, uint64(c))
				qGo, st, err := sampler.Transition(k, philox{ct, g}, inits[c], states[c].Stepsize, states[c].InvMetric, cfg.MaxTreeDepth)
				if err != nil {
					t.Fatal(err)
				}
				stat := r.Stat(c, 0)
				if got, want := [3]int{int(stat[StatTreedepth]), int(stat[StatNLeapfrog]), int(stat[StatDivergent])}, [3]int{st.Treedepth, st.NLeapfrog, b2i(st.Divergent)}; got != want {
					t.Errorf("chain %d: C treedepth__, n_leapfrog__, divergent__ = %v, Go %v", c+1, got, want)
				}
				if stat[StatStepsize] != states[c].Stepsize || r.Stepsize[c] != states[c].Stepsize {
					t.Errorf("chain %d sampled with step size %v (left with %v), want the saved %v", c+1, stat[StatStepsize], r.Stepsize[c], states[c].Stepsize)
				}
				qC := r.Position[c*r.Dim : (c+1)*r.Dim]
				if d := relDiff(qC, qGo); !(d <= 1e-10) {
					t.Errorf("chain %d: the first draw differs from Go's by %.3g relative: C %.17g, Go %.17g", c+1, d, qC, qGo)
				}
			}
		})
	}
}

// TestAdaptFromWarmup: with AdaptFrom, warmup keeps each chain's saved
// inverse metric bit for bit, after every iteration (blocks of one), and
// adapts its step size alone: the package sampler's schedule has no metric
// window then (MetricWindows), and the step size leaves the saved one. A
// cold run of the same source does change its metric, so that the check
// can fail. With initial values all NaN (every coordinate drawn) and no
// saved adaptation, the chains are a cold run's bit for bit: the
// BAYES_NUTS_FROM path draws its initial points as the cold one.
func TestAdaptFromWarmup(t *testing.T) {
	skipWithoutCC(t)
	m := cnutstest.EightSchools(t)
	for _, metric := range []sampler.Metric{sampler.Diag, sampler.Dense} {
		t.Run(metric.String(), func(t *testing.T) {
			hc := buildChainsWith(t, m, ChainOptions{Metric: metric})
			states, _ := savedStates(t, m, metric)
			cfg := DefaultChainConfig()
			cfg.Seed, cfg.Warmup, cfg.Samples, cfg.Metric, cfg.MaxBlock = 8, 120, 40, metric, 1
			cfg.AdaptFrom = states
			if start, stop, ends := cfg.MetricWindows(); start != 0 || stop != 0 || len(ends) != 0 {
				t.Fatalf("MetricWindows with AdaptFrom: %d, %d, %v; want no window", start, stop, ends)
			}
			blocks := 0
			err := hc.Stream(context.Background(), 2, cfg, func(b *Block) error {
				blocks++
				for c := range 2 {
					if !slices.Equal(b.InvMetric(c), states[c].InvMetric) {
						return fmt.Errorf("after %d iterations chain %d's inverse metric is %v, want the saved %v", b.Iterations, c+1, b.InvMetric(c), states[c].InvMetric)
					}
				}
				if b.Iterations == cfg.Warmup {
					for c := range 2 {
						if eps := b.Stepsize(c); !(eps > 0) || eps == states[c].Stepsize || math.Abs(math.Log(eps/states[c].Stepsize)) > math.Log(4) {
							return fmt.Errorf("chain %d ends warmup with step size %v from the saved %v: want it adapted, within a factor 4", c+1, eps, states[c].Stepsize)
						}
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if blocks != cfg.Warmup+cfg.Samples {
				t.Errorf("%d blocks, want one per iteration (%d)", blocks, cfg.Warmup+cfg.Samples)
			}

			cold := cfg
			cold.AdaptFrom, cold.MaxBlock = nil, 0
			a, err := hc.Run(2, cold)
			if err != nil {
				t.Fatal(err)
			}
			if slices.Equal(a.InvMetric[:a.MetricLen], states[0].InvMetric) {
				t.Error("a cold run ended warmup with the saved metric: the check above checks nothing")
			}
			nan := slices.Repeat([]float64{math.NaN()}, m.Dim())
			cold.Inits = [][]float64{nan}
			b, err := hc.Run(2, cold)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(a.Draws, b.Draws) || !slices.Equal(a.Stats, b.Stats) || !slices.Equal(a.Position, b.Position) {
				t.Error("initial values all NaN gave other chains than none: the drawn initial points differ")
			}
		})
	}
}
