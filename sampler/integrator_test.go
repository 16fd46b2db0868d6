package sampler

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// testMetrics returns each kind of metric in d = 3 dimensions with a
// non-trivial inverse metric (for diag and dense).
func testMetrics(t *testing.T) map[string]metric {
	t.Helper()
	diag := newMetric(Diag, 3).(*diagMetric)
	diag.set([]float64{0.5, 2, 4})
	dense := newMetric(Dense, 3).(*denseMetric)
	if err := dense.set([]float64{2, 0.6, 0.2, 0.6, 1, -0.3, 0.2, -0.3, 0.5}); err != nil {
		t.Fatal(err)
	}
	return map[string]metric{"unit": newMetric(Unit, 3), "diag": diag, "dense": dense}
}

// TestLeapfrog checks the integrator's two defining properties on a
// Gaussian: it is reversible (steps forward then backward return to the start
// up to rounding) and of second order (the energy error after a fixed
// integration time falls about fourfold when the step size halves; Neal 2011,
// "MCMC using Hamiltonian dynamics", section 5.2.3.3).
func TestLeapfrog(t *testing.T) {
	k := gaussKernel{[]float64{0.5, 1, 2}}
	for name, m := range testMetrics(t) {
		t.Run(name, func(t *testing.T) {
			it := integrator{k: k, metric: m, v: make([]float64, 3)}
			start := newPoint(3)
			copy(start.q, []float64{0.3, -1, 2})
			copy(start.p, []float64{1, 0.5, -0.7})
			start.logp = k.LogDensityGrad(start.grad, start.q)

			z := newPoint(3)
			z.copyFrom(&start)
			for range 10 {
				it.step(&z, 0.1)
			}
			for range 10 {
				it.step(&z, -0.1)
			}
			for i := range z.q {
				if math.Abs(z.q[i]-start.q[i]) > 1e-12 || math.Abs(z.p[i]-start.p[i]) > 1e-12 {
					t.Fatalf("not reversible: q %v p %v, started at q %v p %v", z.q, z.p, start.q, start.p)
				}
			}

			energyError := func(eps float64, steps int) float64 {
				z.copyFrom(&start)
				sh := make([]float64, 3)
				m.sharp(sh, z.p)
				h0 := hamiltonian(&z, sh)
				for range steps {
					it.step(&z, eps)
				}
				m.sharp(sh, z.p)
				return math.Abs(hamiltonian(&z, sh) - h0)
			}
			e1, e2 := energyError(0.02, 50), energyError(0.01, 100)
			if ratio := e1 / e2; ratio < 3 || ratio > 5 {
				t.Errorf("energy error %.3g at eps 0.02, %.3g at 0.01: ratio %.2f, want ~4 (second order)", e1, e2, ratio)
			}
		})
	}
}

// TestMomentumDraws checks that p ~ N(0, M) with M the inverse of the
// inverse metric, and that sharp is M^-1 p: E[p p_sharp'] = I. With iid
// draws the MCSE of each entry's mean is sd/sqrt(n).
func TestMomentumDraws(t *testing.T) {
	const n = 20000
	for name, m := range testMetrics(t) {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(9, 9))
			p, sh := make([]float64, 3), make([]float64, 3)
			prods := make([][][]float64, 9)
			for i := range prods {
				prods[i] = [][]float64{make([]float64, n)}
			}
			for k := range n {
				m.drawMomentum(p, rng)
				m.sharp(sh, p)
				for i := range 3 {
					for j := range 3 {
						prods[i*3+j][0][k] = p[i] * sh[j]
					}
				}
			}
			for i := range 3 {
				for j := range 3 {
					want := 0.0
					if i == j {
						want = 1
					}
					mean := 0.0
					for _, v := range prods[i*3+j][0] {
						mean += v / n
					}
					sd := 0.0
					for _, v := range prods[i*3+j][0] {
						sd += (v - mean) * (v - mean)
					}
					se := math.Sqrt(sd/(n-1)) / math.Sqrt(n)
					checkWithin(t, fmt.Sprintf("E[p_%d p_sharp_%d]", i, j), mean, se, want)
				}
			}
		})
	}
}

func TestCholesky(t *testing.T) {
	a := []float64{4, 2, 0.4, 2, 2, 0.5, 0.4, 0.5, 3}
	l := make([]float64, 9)
	if err := cholesky(l, a, 3); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		for j := range 3 {
			s := 0.0
			for k := range 3 {
				s += l[i*3+k] * l[j*3+k]
			}
			if math.Abs(s-a[i*3+j]) > 1e-14 {
				t.Errorf("(L L')[%d,%d] = %v, want %v", i, j, s, a[i*3+j])
			}
		}
	}
	if err := cholesky(l, []float64{1, 2, 2, 1}, 2); err == nil {
		t.Error("indefinite matrix factored without error")
	}
}
