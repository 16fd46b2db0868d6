package sampler

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTransitionIsAChainStep: a chain without warmup, from given initial
// values, is Transition applied again and again with the chain's PCG
// stream, the identity metric and the configured step size: the same draws
// and statistics bit for bit, 200 iterations of the centered eight schools
// (divergences included).
func TestTransitionIsAChainStep(t *testing.T) {
	const seed, n = 42, 200
	k := eightSchools{}
	q0 := []float64{1, 0.5, 2, -1, 0, 3, 1, -2, 4, 0.5}
	cfg := testConfig(1, seed)
	cfg.Warmup, cfg.Samples, cfg.Stepsize = 0, n, 0.4
	cfg.Inits = [][]float64{q0}
	var want []Draw
	sink := Sink{Draw: func(d *Draw) error {
		c := *d
		c.Q = append([]float64(nil), d.Q...)
		want = append(want, c)
		return nil
	}}
	if err := Run(cfg, same(k), sink); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	inv := unitScales(k.Dim())
	q := q0
	divergent := 0
	for i, w := range want {
		next, st, err := Transition(k, rng, q, cfg.Stepsize, inv, cfg.MaxTreeDepth)
		if err != nil {
			t.Fatal(err)
		}
		if st != w.Stats {
			t.Fatalf("iteration %d: Transition's statistics %+v, the chain's %+v", i, st, w.Stats)
		}
		for j := range next {
			if next[j] != w.Q[j] {
				t.Fatalf("iteration %d: Transition's q[%d] = %.17g, the chain's %.17g", i, j, next[j], w.Q[j])
			}
		}
		if st.Divergent {
			divergent++
		}
		q = next
	}
	if divergent == 0 {
		t.Errorf("no divergent transition in %d: the case does not check that path", n)
	}
}

// TestTransitionErrors: settings Transition cannot run are refused, naming
// what is wrong.
func TestTransitionErrors(t *testing.T) {
	k := gaussKernel{scales: unitScales(2)}
	rng := rand.New(rand.NewPCG(1, 1))
	for _, c := range []struct {
		name     string
		q, inv   []float64
		stepsize float64
		depth    int
	}{
		{"short q", []float64{0}, []float64{1, 1}, 1, 10},
		{"short metric", []float64{0, 0}, []float64{1}, 1, 10},
		{"zero metric entry", []float64{0, 0}, []float64{1, 0}, 1, 10},
		{"NaN metric entry", []float64{0, 0}, []float64{math.NaN(), 1}, 1, 10},
		{"zero stepsize", []float64{0, 0}, []float64{1, 1}, 0, 10},
		{"infinite stepsize", []float64{0, 0}, []float64{1, 1}, math.Inf(1), 10},
		{"depth 0", []float64{0, 0}, []float64{1, 1}, 1, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, _, err := Transition(k, rng, c.q, c.stepsize, c.inv, c.depth); err == nil {
				t.Errorf("Transition accepted q %v, stepsize %v, inverse metric %v, max_depth %d", c.q, c.stepsize, c.inv, c.depth)
			}
		})
	}
}
