package sampler

import (
	"context"
	"testing"
)

// result is everything a run reported, by chain.
type result struct {
	warmupQ, q  [][][]float64 // [chain][kept iteration][coord]
	stats       [][]Stats     // sampling iterations only
	warmupStats [][]Stats
	adapt       []Adaptation
	progress    []int
	last        []ChainProgress // the last progress report of each chain
	lastWarmup  []ChainProgress // and its last in warmup
}

// collect runs cfg on kernels from newKernel and keeps every report.
func collect(t *testing.T, cfg Config, newKernel func(int) Kernel) (*result, error) {
	t.Helper()
	r := &result{
		warmupQ: make([][][]float64, cfg.Chains), q: make([][][]float64, cfg.Chains),
		stats: make([][]Stats, cfg.Chains), warmupStats: make([][]Stats, cfg.Chains),
		adapt: make([]Adaptation, cfg.Chains), progress: make([]int, cfg.Chains),
		last: make([]ChainProgress, cfg.Chains), lastWarmup: make([]ChainProgress, cfg.Chains),
	}
	err := Run(cfg, newKernel, Sink{
		Draw: func(d *Draw) error {
			q := append([]float64(nil), d.Q...)
			if d.Warmup {
				r.warmupQ[d.Chain] = append(r.warmupQ[d.Chain], q)
				r.warmupStats[d.Chain] = append(r.warmupStats[d.Chain], d.Stats)
			} else {
				r.q[d.Chain] = append(r.q[d.Chain], q)
				r.stats[d.Chain] = append(r.stats[d.Chain], d.Stats)
			}
			return nil
		},
		Adapted: func(chain int, a *Adaptation) error {
			r.adapt[chain] = Adaptation{Stepsize: a.Stepsize, Metric: a.Metric, InvMetric: append([]float64(nil), a.InvMetric...),
				LowRank: append([]float64(nil), a.LowRank...)}
			return nil
		},
		Progress: func(p *ChainProgress) {
			r.progress[p.Chain], r.last[p.Chain] = p.Done, *p
			if p.Warmup {
				r.lastWarmup[p.Chain] = *p
			}
		},
	})
	return r, err
}

// coord returns coordinate i of the sampling draws, by chain.
func (r *result) coord(i int) [][]float64 {
	out := make([][]float64, len(r.q))
	for c, draws := range r.q {
		for _, q := range draws {
			out[c] = append(out[c], q[i])
		}
	}
	return out
}

// fn applies f to each chain's series.
func mapSeries(s [][]float64, f func(float64) float64) [][]float64 {
	out := make([][]float64, len(s))
	for c, xs := range s {
		out[c] = make([]float64, len(xs))
		for i, x := range xs {
			out[c][i] = f(x)
		}
	}
	return out
}

func same(k Kernel) func(int) Kernel { return func(int) Kernel { return k } }

func testConfig(chains int, seed uint64) Config {
	c := DefaultConfig()
	c.Chains, c.Seed = chains, seed
	c.Context = context.Background()
	return c
}
