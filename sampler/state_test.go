package sampler

import (
	"math"
	"slices"
	"testing"
)

// runFinal runs cfg and returns what collect keeps with each chain's
// final state.
func runFinal(t *testing.T, cfg Config, k Kernel) (*result, []ChainState) {
	t.Helper()
	states := make([]ChainState, cfg.Chains)
	r := &result{q: make([][][]float64, cfg.Chains), stats: make([][]Stats, cfg.Chains)}
	err := Run(cfg, same(k), Sink{
		Draw: func(d *Draw) error {
			if !d.Warmup {
				r.q[d.Chain] = append(r.q[d.Chain], append([]float64(nil), d.Q...))
				r.stats[d.Chain] = append(r.stats[d.Chain], d.Stats)
			}
			return nil
		},
		Final: func(chain int, st *ChainState) error { states[chain] = *st; return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	return r, states
}

// TestResumeEqualsLongerRun: a run of S draws continued by S more makes
// the draws of one run of 2S, bit for bit, for every metric and with
// thinning that does not divide S.
func TestResumeEqualsLongerRun(t *testing.T) {
	for _, tc := range []struct {
		name   string
		metric Metric
		thin   int
	}{{"diag", Diag, 1}, {"dense", Dense, 1}, {"unit", Unit, 1}, {"diag thin 3", Diag, 3}} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(2, 11)
			cfg.Metric, cfg.Thin, cfg.Warmup, cfg.Samples = tc.metric, tc.thin, 150, 100
			first, states := runFinal(t, cfg, eightSchools{})
			cfg.Resume, cfg.Samples = states, 50
			more, after := runFinal(t, cfg, eightSchools{})
			cfg.Resume, cfg.Samples = nil, 150
			whole, wholeStates := runFinal(t, cfg, eightSchools{})
			for c := range 2 {
				got := append(first.q[c], more.q[c]...)
				if len(got) != len(whole.q[c]) {
					t.Fatalf("chain %d: %d draws, one run made %d", c, len(got), len(whole.q[c]))
				}
				for i := range got {
					if !slices.Equal(got[i], whole.q[c][i]) {
						t.Fatalf("chain %d draw %d: resumed %v, one run %v", c, i, got[i], whole.q[c][i])
					}
				}
				if !slices.Equal(append(first.stats[c], more.stats[c]...), whole.stats[c]) {
					t.Fatalf("chain %d: the sampler statistics differ", c)
				}
				if !slices.Equal(after[c].RNG, wholeStates[c].RNG) || after[c].Iterations != 150 {
					t.Fatalf("chain %d: the final state differs: %d iterations", c, after[c].Iterations)
				}
			}
		})
	}
}

func TestResumeRefusesBadState(t *testing.T) {
	cfg := testConfig(1, 3)
	cfg.Warmup, cfg.Samples = 50, 10
	_, states := runFinal(t, cfg, eightSchools{})
	for _, tc := range []struct {
		name string
		edit func(*Config)
	}{
		{"chains", func(c *Config) { c.Resume = append(c.Resume, c.Resume[0]) }},
		{"metric", func(c *Config) { c.Metric = Dense }},
		{"coordinates", func(c *Config) { c.Resume[0].Q = c.Resume[0].Q[:3] }},
		{"rng", func(c *Config) { c.Resume[0].RNG = []byte("x") }},
		{"position", func(c *Config) { c.Resume[0].Q = slices.Repeat([]float64{math.NaN()}, 10) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			c.Resume = []ChainState{states[0]}
			c.Resume[0].Q = slices.Clone(states[0].Q)
			tc.edit(&c)
			if err := Run(c, same(eightSchools{}), Sink{}); err == nil {
				t.Fatal("resumed from a bad state")
			}
		})
	}
}
