package sampler

import (
	"slices"
	"strings"
	"testing"
)

// finalStates runs cfg and returns each chain's final state.
func finalStates(t *testing.T, cfg Config, k Kernel) ([]ChainState, *result) {
	t.Helper()
	states := make([]ChainState, cfg.Chains)
	r := &result{adapt: make([]Adaptation, cfg.Chains), q: make([][][]float64, cfg.Chains), stats: make([][]Stats, cfg.Chains)}
	err := Run(cfg, same(k), Sink{
		Final: func(c int, st *ChainState) error { states[c] = *st; return nil },
		Draw: func(d *Draw) error {
			if !d.Warmup {
				r.q[d.Chain] = append(r.q[d.Chain], slices.Clone(d.Q))
				r.stats[d.Chain] = append(r.stats[d.Chain], d.Stats)
			}
			return nil
		},
		Adapted: func(c int, a *Adaptation) error {
			r.adapt[c] = Adaptation{Stepsize: a.Stepsize, Metric: a.Metric, InvMetric: slices.Clone(a.InvMetric), LowRank: slices.Clone(a.LowRank)}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return states, r
}

// TestAdaptFrom: a run started from another's adaptation keeps its metric
// (diagonal, dense or low-rank, bit for bit) through warmup and sampling;
// with no warmup it samples with the saved step size as it is, and with a
// warmup it adapts the step size alone, from the saved one.
func TestAdaptFrom(t *testing.T) {
	_, prec := corrGauss()
	k := mvnKernel{d: 6, prec: prec}
	for _, tc := range []struct {
		metric Metric
		adapt  AdaptMethod
	}{{Diag, AdaptStan}, {Dense, AdaptStan}, {Diag, AdaptNutpie}, {LowRank, AdaptNutpie}} {
		t.Run(tc.metric.String()+"/"+tc.adapt.String(), func(t *testing.T) {
			cfg := testConfig(2, 21)
			cfg.Metric, cfg.Adapt, cfg.Warmup, cfg.Samples = tc.metric, tc.adapt, 400, 50
			saved, _ := finalStates(t, cfg, k)
			if tc.metric == LowRank && len(saved[0].LowRank) == 0 {
				t.Fatal("the low-rank run kept no direction on a posterior with correlation 0.99")
			}

			cfg.Seed, cfg.Adapt, cfg.AdaptFrom = 22, AdaptStan, saved
			cfg.Warmup = 0
			got, r := finalStates(t, cfg, k)
			for c := range cfg.Chains {
				for _, st := range r.stats[c] {
					if st.Stepsize != saved[c].Stepsize {
						t.Fatalf("chain %d, no warmup: step size %v, want the saved %v", c, st.Stepsize, saved[c].Stepsize)
					}
				}
				sameMetric(t, "no warmup", c, got[c], saved[c])
			}

			cfg.Warmup = AdaptFromDefaultTestWarmup
			got, r = finalStates(t, cfg, k)
			for c := range cfg.Chains {
				sameMetric(t, "warmup", c, got[c], saved[c])
				a := r.adapt[c]
				if !slices.Equal(a.InvMetric, saved[c].InvMetric) || !slices.Equal(a.LowRank, saved[c].LowRank) {
					t.Errorf("chain %d: the adaptation reported another metric than the saved one", c)
				}
				if ratio := a.Stepsize / saved[c].Stepsize; ratio < 0.5 || ratio > 2 {
					t.Errorf("chain %d: step size adapted to %v from the saved %v", c, a.Stepsize, saved[c].Stepsize)
				}
			}
		})
	}
}

// AdaptFromDefaultTestWarmup is the warmup of TestAdaptFrom's second run:
// bayes's --adapt-from default (package bayes's AdaptFromWarmup).
const AdaptFromDefaultTestWarmup = 150

func sameMetric(t *testing.T, what string, c int, got, want ChainState) {
	t.Helper()
	if got.Metric != want.Metric || !slices.Equal(got.InvMetric, want.InvMetric) || !slices.Equal(got.LowRank, want.LowRank) {
		t.Errorf("chain %d, %s: metric %s %v %v, want the saved %s %v %v", c, what,
			got.Metric, got.InvMetric, got.LowRank, want.Metric, want.InvMetric, want.LowRank)
	}
}

// TestCheckAdapt: the settings of the adaptations that cannot run are
// refused, each naming the field.
func TestCheckAdapt(t *testing.T) {
	saved := []ChainState{{Stepsize: 0.5, Metric: Diag, InvMetric: []float64{1}}}
	tests := []struct {
		set  func(*Config)
		want string
	}{
		{func(c *Config) { c.Adapt, c.Metric = AdaptNutpie, Dense }, "Adapt = nutpie: adapts a Diag or LowRank metric, not dense_e"},
		{func(c *Config) { c.Adapt = 7 }, "Adapt = unknown: must be AdaptStan or AdaptNutpie"},
		{func(c *Config) { c.AdaptFrom = []ChainState{saved[0], saved[0]} }, "AdaptFrom has 2 chain states: need 1 or Chains (4)"},
		{func(c *Config) { c.AdaptFrom, c.Metric = saved, Dense }, "state 1 has metric diag_e, Config.Metric is dense_e"},
		{func(c *Config) { c.AdaptFrom = []ChainState{{Stepsize: 0, Metric: Diag}} }, "state 1 has step size 0"},
		{func(c *Config) { c.AdaptFrom, c.Resume = saved, make([]ChainState, 4) }, "Resume continues chains with their own adaptation"},
	}
	for _, tc := range tests {
		c := DefaultConfig()
		tc.set(&c)
		err := c.Check()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want an error containing %q", err, tc.want)
		}
	}
	ok := DefaultConfig()
	ok.Metric, ok.AdaptFrom = LowRank, []ChainState{{Stepsize: 1, Metric: LowRank}}
	if err := ok.Check(); err != nil {
		t.Errorf("a low-rank metric from a saved run, Adapt stan: %v", err)
	}
}
