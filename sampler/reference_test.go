package sampler

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// refNUTS is a second, deliberately naive implementation of the same
// transition, for TestTransitionMatchesReference: it keeps every state of
// the trajectory in a slice (allocating freely) and evaluates each no-U-turn
// check by summing momenta over a range of that slice, where the production
// code threads running sums and end momenta through preallocated buffers.
// It consumes the random stream in the same order (direction, subtree merge
// when the new half is not heavier, top-level merge likewise; Stan's
// base_nuts.hpp), so the two must agree bit for bit.
type refNUTS struct {
	it       integrator
	rng      *rand.Rand
	eps      float64
	maxDepth int

	h0       float64
	n        int
	sumMetro float64
	div      bool
}

func clonePoint(z *point) *point {
	c := newPoint(len(z.q))
	c.copyFrom(z)
	return &c
}

func (r *refNUTS) sharp(p []float64) []float64 {
	v := make([]float64, len(p))
	r.it.metric.sharp(v, p)
	return v
}

// noUTurnOver applies the criterion to the states in order: rho is the sum of
// their momenta, the ends are the first and last.
func (r *refNUTS) noUTurnOver(states []*point) bool {
	rho := make([]float64, len(states[0].p))
	for _, s := range states {
		addTo(rho, s.p)
	}
	return dot(r.sharp(states[0].p), rho) > 0 && dot(r.sharp(states[len(states)-1].p), rho) > 0
}

// checkSplit applies the criterion to the whole of states, to the first
// part plus the first state of the second, and to the last state of the
// first part plus the second (split at k).
func (r *refNUTS) checkSplit(states []*point, k int) bool {
	return r.noUTurnOver(states) && r.noUTurnOver(states[:k+1]) && r.noUTurnOver(states[k-1:])
}

// build returns the 2^depth states integrated from `from` in direction dir,
// in the order they were made, the subtree's log weight, its proposal and
// its validity.
func (r *refNUTS) build(from *point, depth int, dir float64) ([]*point, float64, *point, bool) {
	if depth == 0 {
		z := clonePoint(from)
		r.it.step(z, dir*r.eps)
		r.n++
		h := hamiltonian(z, r.sharp(z.p))
		if h-r.h0 > MaxDeltaH {
			r.div = true
		}
		r.sumMetro += math.Min(1, math.Exp(r.h0-h))
		return []*point{z}, r.h0 - h, z, !r.div
	}
	first, w1, prop1, ok := r.build(from, depth-1, dir)
	if !ok {
		return nil, 0, nil, false
	}
	second, w2, prop2, ok := r.build(first[len(first)-1], depth-1, dir)
	if !ok {
		return nil, 0, nil, false
	}
	w := logSumExp(w1, w2)
	prop := prop1
	if takeNew(r.rng, w2, w) {
		prop = prop2
	}
	all := append(slices.Clone(first), second...)
	return all, w, prop, r.checkSplit(all, len(first))
}

func (r *refNUTS) transition(cur *point) (*point, Stats) {
	z0 := clonePoint(cur)
	r.it.metric.drawMomentum(z0.p, r.rng)
	r.h0 = hamiltonian(z0, r.sharp(z0.p))
	r.n, r.sumMetro, r.div = 0, 0, false
	traj := []*point{z0} // in time order
	sample, logW := z0, 0.0
	depth := 0
	for depth < r.maxDepth {
		dir, from := -1.0, traj[0]
		if r.rng.Float64() > 0.5 {
			dir, from = 1, traj[len(traj)-1]
		}
		states, w, prop, ok := r.build(from, depth, dir)
		if !ok {
			break
		}
		depth++
		if takeNew(r.rng, w, logW) {
			sample = prop
		}
		logW = logSumExp(logW, w)
		k := len(traj) // length of the earlier segment in time order
		if dir == 1 {
			traj = append(traj, states...)
		} else {
			slices.Reverse(states)
			k = len(states)
			traj = append(states, traj...)
		}
		if !r.checkSplit(traj, k) {
			break
		}
	}
	return sample, Stats{
		LP: sample.logp, AcceptStat: r.sumMetro / float64(r.n), Stepsize: r.eps,
		Treedepth: depth, NLeapfrog: r.n, Divergent: r.div,
		Energy: hamiltonian(sample, r.sharp(sample.p)),
	}
}

// TestTransitionMatchesReference runs the production transition and refNUTS
// side by side from the same state and stream, on targets that exercise
// every exit: U-turns at all depths, divergences (the centered eight
// schools), and max tree depth; the draws and statistics must be identical.
func TestTransitionMatchesReference(t *testing.T) {
	tests := []struct {
		k        Kernel
		metric   Metric
		eps      float64
		maxDepth int
	}{
		{gaussKernel{unitScales(1)}, Unit, 1.1, 10},
		{gaussKernel{[]float64{0.1, 1, 10}}, Diag, 0.2, 10},
		{gaussKernel{[]float64{0.1, 1, 10}}, Unit, 0.05, 3},
		{eightSchools{}, Diag, 0.6, 10},
		{eightSchoolsNC{}, Dense, 0.7, 10},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%T/%v/eps=%v/depth=%d", tc.k, tc.metric, tc.eps, tc.maxDepth), func(t *testing.T) {
			d := tc.k.Dim()
			m := newMetric(tc.metric, d)
			switch mm := m.(type) {
			case *diagMetric:
				inv := make([]float64, d)
				for i := range inv {
					inv[i] = 0.5 + float64(i%3)
				}
				mm.set(inv)
			case *denseMetric:
				inv := make([]float64, d*d)
				for i := range d {
					inv[i*d+i] = 1 + 0.1*float64(i)
					if i > 0 {
						inv[i*d+i-1], inv[(i-1)*d+i] = 0.2, 0.2
					}
				}
				if err := mm.set(inv); err != nil {
					t.Fatal(err)
				}
			}
			s := newNUTS(tc.k, m, rand.New(rand.NewPCG(5, 6)), tc.maxDepth)
			s.stepsize = tc.eps
			if err := s.initialize(0, nil, 2); err != nil {
				t.Fatal(err)
			}
			ref := &refNUTS{
				it:  integrator{k: tc.k, metric: m, v: make([]float64, d)},
				rng: rand.New(rand.NewPCG(5, 6)), eps: tc.eps, maxDepth: tc.maxDepth,
			}
			for range d { // replay initialize's d uniform draws
				ref.rng.Float64()
			}
			cur := clonePoint(&s.cur)
			exits := map[string]int{}
			for i := range 300 {
				got := s.transition()
				next, want := ref.transition(cur)
				cur = next
				if got != want || !slices.Equal(s.cur.q, cur.q) {
					t.Fatalf("transition %d: got %+v at %v,\nwant %+v at %v", i, got, s.cur.q, want, cur.q)
				}
				switch {
				case got.Divergent:
					exits["divergent"]++
				case got.Treedepth == tc.maxDepth:
					exits["max depth"]++
				default:
					exits[fmt.Sprintf("U-turn at depth %d", got.Treedepth)]++
				}
			}
			t.Log(exits)
		})
	}
}
