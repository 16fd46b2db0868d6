package sampler

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// ChainState is where a chain stands after its last iteration: all that
// its next iteration depends on, so that a chain continued from it (with
// Config.Resume) makes the draws it would have made had it run on. The
// momentum is not part of it: every transition draws a fresh one.
type ChainState struct {
	// Q is the unconstrained position.
	Q []float64
	// Stepsize is the step size in use: after warmup, the adapted one.
	Stepsize float64
	// Metric is the kind of metric and InvMetric its M^-1 as
	// Adaptation.InvMetric holds it (d entries, or d*d for Dense); for
	// LowRank, LowRank holds its directions as Adaptation.LowRank does.
	Metric    Metric
	InvMetric []float64
	LowRank   []float64
	// RNG is the chain's PCG stream after the last iteration, as
	// rand.PCG's MarshalBinary writes it.
	RNG []byte
	// Iterations counts the sampling iterations (after warmup) the chain
	// has made, all of them, kept or thinned away: where thinning goes on.
	Iterations int
}

// checkResume reports the first chain state Run cannot continue.
func (c *Config) checkResume() error {
	if c.Resume == nil {
		return nil
	}
	if len(c.Resume) != c.Chains {
		return fmt.Errorf("sampler: Resume has %d chain states, Chains is %d", len(c.Resume), c.Chains)
	}
	for i, st := range c.Resume {
		if st.Metric != c.Metric {
			return fmt.Errorf("sampler: Resume: chain %d has metric %s, Config.Metric is %s", c.ChainOffset+i+1, st.Metric, c.Metric)
		}
		if !(st.Stepsize > 0) || st.Iterations < 0 {
			return fmt.Errorf("sampler: Resume: chain %d has step size %v after %d iterations", c.ChainOffset+i+1, st.Stepsize, st.Iterations)
		}
	}
	return nil
}

// resumeNUTS sets up chain idx's sampler from its saved state: the
// position (its log density and gradient evaluated again: the same
// numbers, as the kernel is a function of q), the step size, the metric
// and the random stream.
func resumeNUTS(cfg *Config, idx int, k Kernel) (*nuts, *rand.PCG, error) {
	st := &cfg.Resume[idx]
	id := cfg.ChainOffset + idx + 1
	d := k.Dim()
	if len(st.Q) != d {
		return nil, nil, fmt.Errorf("chain %d: the saved state has %d coordinates; the model has %d", id, len(st.Q), d)
	}
	pcg := new(rand.PCG)
	if err := pcg.UnmarshalBinary(st.RNG); err != nil {
		return nil, nil, fmt.Errorf("chain %d: the saved random stream: %w", id, err)
	}
	m, err := metricFrom(st, d)
	if err != nil {
		return nil, nil, fmt.Errorf("chain %d: the saved metric: %w", id, err)
	}
	s := newNUTS(k, m, rand.New(pcg), cfg.MaxTreeDepth)
	copy(s.cur.q, st.Q)
	s.cur.logp = k.LogDensityGrad(s.cur.grad, s.cur.q)
	if !finite(s.cur.logp) {
		return nil, nil, fmt.Errorf("chain %d: the log density at the saved position is %v: the model or its data changed", id, s.cur.logp)
	}
	s.stepsize = st.Stepsize
	return s, pcg, nil
}

// metricFrom builds the metric a saved state (or an Adaptation) records:
// its kind, M^-1 and, for LowRank, its directions.
func metricFrom(st *ChainState, d int) (metric, error) {
	want := d
	if st.Metric == Dense {
		want = d * d
	}
	if st.Metric != Unit && len(st.InvMetric) != want {
		return nil, fmt.Errorf("%d entries of M^-1 for metric %s; the model has %d coordinates", len(st.InvMetric), st.Metric, d)
	}
	m := newMetric(st.Metric, d)
	switch mm := m.(type) {
	case *diagMetric:
		for i, v := range st.InvMetric {
			if !(v > 0) || math.IsInf(v, 1) {
				return nil, fmt.Errorf("entry %d of M^-1 is %v: must be positive and finite", i, v)
			}
		}
		mm.set(st.InvMetric)
	case *denseMetric:
		if err := mm.set(st.InvMetric); err != nil {
			return nil, err
		}
	case *lowRankMetric:
		if err := mm.set(st.InvMetric, st.LowRank); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// state is where chain c stands now.
func (c *chainRun) state(pcg *rand.PCG, iterations int) (*ChainState, error) {
	rng, err := pcg.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("chain %d: %w", c.id(), err)
	}
	st := &ChainState{
		Q: append([]float64(nil), c.s.cur.q...), Stepsize: c.s.stepsize,
		Metric: c.cfg.Metric, InvMetric: append([]float64(nil), c.s.metric.inverse()...),
		RNG: rng, Iterations: iterations,
	}
	if lm, ok := c.s.metric.(*lowRankMetric); ok {
		st.LowRank = append([]float64{}, lm.directions()...)
	}
	return st, nil
}
