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
// with the given step size, inverse metric and max_depth, drawing its momentum and every choice from src,
// and returns the new point and the transition's statistics. It is what a
// run's chain does at each iteration after warmup, set up afresh: a run
// never calls it. It exists to check package cnuts's C sampler, which is the
// same algorithm, one transition at a time from the same state and the
// same random numbers (cnuts's transition tests).
//
// The inverse metric is diagonal (len Dim, positive entries) or, for
// Dim > 1, dense (len Dim*Dim, row-major, as the Dense metric's
// adaptation leaves it: symmetric up to rounding, the Cholesky factor of
// its lower triangle drawing the momenta, its rows giving M^-1 p).
func Transition(k Kernel, src Source, q []float64, stepsize float64, invMetric []float64, maxDepth int) ([]float64, Stats, error) {
	d := k.Dim()
	switch {
	case len(q) != d:
		return nil, Stats{}, fmt.Errorf("sampler: Transition: q has %d coordinates, the kernel %d", len(q), d)
	case len(invMetric) != d && (d < 2 || len(invMetric) != d*d):
		return nil, Stats{}, fmt.Errorf("sampler: Transition: the inverse metric has %d entries, the kernel %d coordinates (want %d or %d)", len(invMetric), d, d, d*d)
	case !(stepsize > 0) || math.IsInf(stepsize, 1):
		return nil, Stats{}, fmt.Errorf("sampler: Transition: stepsize %v: must be positive and finite", stepsize)
	case maxDepth < 1:
		return nil, Stats{}, fmt.Errorf("sampler: Transition: max_depth %d: must be at least 1", maxDepth)
	}
	var m metric
	if len(invMetric) == d {
		for i, v := range invMetric {
			if !(v > 0) || math.IsInf(v, 1) {
				return nil, Stats{}, fmt.Errorf("sampler: Transition: inverse metric entry %d is %v: must be positive and finite", i, v)
			}
		}
		dm := newMetric(Diag, d).(*diagMetric)
		dm.set(invMetric)
		m = dm
	} else {
		dm := newMetric(Dense, d).(*denseMetric)
		if err := dm.set(invMetric); err != nil {
			return nil, Stats{}, fmt.Errorf("sampler: Transition: %w", err)
		}
		m = dm
	}
	s := newNUTS(k, m, src, maxDepth)
	s.stepsize = stepsize
	copy(s.cur.q, q)
	s.cur.logp = k.LogDensityGrad(s.cur.grad, s.cur.q)
	st := s.transition()
	return s.cur.q, st, nil
}

// WindowEstimate is the inverse metric that the Go sampler's adaptation
// installs at the end of a metric window whose draws are draws (each of
// one length d), the inverse metric before it being prev (kept, then
// regularised, when the window has fewer than 2 draws): Stan's
// regularised (co)variance, for the metric m, Diag (len(prev) = d) or
// Dense (d*d, row-major). It runs the adaptation's own code (learnMetric)
// and, as Transition, exists to check package cnuts's C sampler against
// it; a run never calls it.
func WindowEstimate(m Metric, draws [][]float64, prev []float64) ([]float64, error) {
	if len(draws) == 0 {
		return nil, fmt.Errorf("sampler: WindowEstimate: no draws")
	}
	d := len(draws[0])
	switch {
	case m != Diag && m != Dense:
		return nil, fmt.Errorf("sampler: WindowEstimate: metric %s: want Diag or Dense", m)
	case m == Diag && len(prev) != d || m == Dense && len(prev) != d*d:
		return nil, fmt.Errorf("sampler: WindowEstimate: the previous %s inverse metric has %d entries for %d coordinates", m, len(prev), d)
	}
	s := &nuts{cur: newPoint(d)}
	s.metric = newMetric(m, d)
	switch mm := s.metric.(type) {
	case *diagMetric:
		mm.set(prev)
	case *denseMetric:
		if err := mm.set(prev); err != nil {
			return nil, fmt.Errorf("sampler: WindowEstimate: the previous inverse metric: %w", err)
		}
	}
	a := newAdapter(m, d, windows{}, 0.8, 1)
	// One window over all the draws, ending after the last.
	n := len(draws)
	a.win = windows{numWarmup: n + 1, termBuffer: 1, size: n, next: n - 1}
	for i, q := range draws {
		if len(q) != d {
			return nil, fmt.Errorf("sampler: WindowEstimate: draw %d has %d coordinates, draw 0 %d", i, len(q), d)
		}
		copy(s.cur.q, q)
		if _, err := a.learnMetric(s); err != nil {
			return nil, err
		}
	}
	return append([]float64(nil), s.metric.inverse()...), nil
}

// NutpieMetrics runs nutpie's adaptation of the diagonal metric (the
// adapter's own code, learnMetric, on NutpieWindows(numWarmup)'s schedule)
// over given warmup iterations: the chain starts at q0 with gradient g0,
// and iteration i's transition lands on draws[i] with gradient grads[i],
// idx[i] leapfrog steps along its trajectory, divergent or not. It
// returns the inverse metric after each iteration and whether the step
// size was to be searched again after it. As Transition, it exists to
// check package cnuts's C sampler against the Go one; a run never calls it.
func NutpieMetrics(numWarmup int, q0, g0 []float64, draws, grads [][]float64, idx []int, divergent []bool) (inv [][]float64, search []bool, err error) {
	d, n := len(q0), len(draws)
	if len(g0) != d || len(grads) != n || len(idx) != n || len(divergent) != n {
		return nil, nil, fmt.Errorf("sampler: NutpieMetrics: %d coordinates, %d gradient coordinates; %d draws, %d gradients, %d indices, %d divergence flags",
			d, len(g0), n, len(grads), len(idx), len(divergent))
	}
	m := newMetric(Diag, d)
	a := newNutpieAdapter(Diag, d, numWarmup, 0.8, 1)
	if err := a.est.start(m, q0, g0); err != nil {
		return nil, nil, err
	}
	for i := range draws {
		if len(draws[i]) != d || len(grads[i]) != d {
			return nil, nil, fmt.Errorf("sampler: NutpieMetrics: draw %d has %d coordinates and %d gradient coordinates, want %d", i, len(draws[i]), len(grads[i]), d)
		}
		z := point{idx: idx[i]}
		s, err := a.learnMetric(m, draws[i], grads[i], goodDraw(&z, &Stats{Divergent: divergent[i]}))
		if err != nil {
			return nil, nil, err
		}
		inv = append(inv, append([]float64(nil), m.inverse()...))
		search = append(search, s)
	}
	return inv, search, nil
}
