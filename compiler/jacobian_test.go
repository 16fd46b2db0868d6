package compiler

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestJacobianStatement checks Stan 2.36's `jacobian +=`: a model that
// writes the transforms of real<lower=0> and real<upper=3> itself, one in
// transformed parameters and one in a _jacobian function, adding their log
// Jacobians (log|d exp(u)/du| = u), has the built-in constrained model's
// log density and gradient at every unconstrained point (both drop the same
// constants under ~), and the same constrained values.
func TestJacobianStatement(t *testing.T) {
	builtin := compileSourceTB(t, `
parameters {
  real<lower=0> s;
  real<upper=3> b;
}
model {
  s ~ lognormal(0.3, 1.2);
  b ~ normal(1, 2);
}`, "{}")
	byHand := compileSourceTB(t, `
functions {
  real upper_bound_jacobian(real x, real ub) {
    jacobian += x;
    return ub - exp(x);
  }
}
parameters {
  real s_raw;
  real b_raw;
}
transformed parameters {
  real s = exp(s_raw);
  jacobian += s_raw;
  real b = upper_bound_jacobian(b_raw, 3);
}
model {
  s ~ lognormal(0.3, 1.2);
  b ~ normal(1, 2);
}`, "{}")
	kb, kh := builtin.NewKernel(), byHand.NewKernel()
	rng := rand.New(rand.NewPCG(14, 2))
	gb, gh := make([]float64, 2), make([]float64, 2)
	for range 20 {
		q := []float64{2 * rng.NormFloat64(), 2 * rng.NormFloat64()}
		lb, lh := kb.LogDensityGrad(gb, q), kh.LogDensityGrad(gh, q)
		if math.Abs(lb-lh) > 1e-12*math.Max(1, math.Abs(lb)) {
			t.Errorf("q = %v: log density %v by hand, %v built in", q, lh, lb)
		}
		for i := range q {
			if math.Abs(gb[i]-gh[i]) > 1e-12*math.Max(1, math.Abs(gb[i])) {
				t.Errorf("q = %v: gradient[%d] %v by hand, %v built in", q, i, gh[i], gb[i])
			}
		}
		cb, ch := make([]float64, builtin.NumOutputs()), make([]float64, byHand.NumOutputs())
		kb.Constrain(cb, q)
		kh.Constrain(ch, q)
		if len(cb) != 2 || len(ch) != 4 || math.Abs(cb[0]-ch[2]) > 1e-12*cb[0] || math.Abs(cb[1]-ch[3]) > 1e-12*math.Max(1, math.Abs(cb[1])) {
			t.Errorf("q = %v: constrained %v built in, %v by hand (s_raw, b_raw, s, b)", q, cb, ch)
		}
	}
}
