package sampler

import (
	"fmt"
	"math"
)

// Source is where a chain's random numbers come from: uniforms on [0, 1)
// and standard normals. In a run each chain's is its own PCG stream,
// rand.New(rand.NewPCG(Seed, chain)); Transition takes any, so that
// another implementation of this sampler fed the same numbers can be held
// to it transition by transition.
type Source interface {
	Float64() float64
	NormFloat64() float64
}

// Transition makes one NUTS transition of k from the unconstrained point q
// with the given step size, diagonal inverse metric (len Dim, positive
// entries) and max_depth, drawing its momentum and every choice from src,
// and returns the new point and the transition's statistics. It is what a
// run's chain does at each iteration after warmup, set up afresh: a run
// never calls it. It exists to check package cnuts's C sampler, which is the
// same algorithm, one transition at a time from the same state and the
// same random numbers (cnuts's transition test).
func Transition(k Kernel, src Source, q []float64, stepsize float64, invMetric []float64, maxDepth int) ([]float64, Stats, error) {
	d := k.Dim()
	switch {
	case len(q) != d:
		return nil, Stats{}, fmt.Errorf("sampler: Transition: q has %d coordinates, the kernel %d", len(q), d)
	case len(invMetric) != d:
		return nil, Stats{}, fmt.Errorf("sampler: Transition: the inverse metric has %d entries, the kernel %d coordinates", len(invMetric), d)
	case !(stepsize > 0) || math.IsInf(stepsize, 1):
		return nil, Stats{}, fmt.Errorf("sampler: Transition: stepsize %v: must be positive and finite", stepsize)
	case maxDepth < 1:
		return nil, Stats{}, fmt.Errorf("sampler: Transition: max_depth %d: must be at least 1", maxDepth)
	}
	for i, v := range invMetric {
		if !(v > 0) || math.IsInf(v, 1) {
			return nil, Stats{}, fmt.Errorf("sampler: Transition: inverse metric entry %d is %v: must be positive and finite", i, v)
		}
	}
	m := newMetric(Diag, d).(*diagMetric)
	m.set(invMetric)
	s := newNUTS(k, m, src, maxDepth)
	s.stepsize = stepsize
	copy(s.cur.q, q)
	s.cur.logp = k.LogDensityGrad(s.cur.grad, s.cur.q)
	st := s.transition()
	return s.cur.q, st, nil
}
