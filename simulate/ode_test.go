package simulate_test

import (
	"math"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/simulate"
)

const odeModel = `functions {
  vector sho(real t, vector y, real omega) {
    return [y[2], -omega^2 * y[1]]';
  }
  array[] real sho_old(real t, array[] real y, array[] real theta, array[] real x_r, array[] int x_i) {
    return {y[2], -theta[1]^2 * y[1]};
  }
}
data {
  array[3] real ts;
}
transformed data {
  real omega = 1.3;
  array[3] vector[2] a = ode_rk45(sho, [1, 0]', 0, ts, omega);
  array[3] vector[2] b = ode_bdf(sho, [1, 0]', 0, ts, omega);
  array[3] vector[2] c = ode_adams_tol(sho, [1, 0]', 0, ts, 1e-8, 1e-8, 10000, omega);
  array[3] vector[2] d = ode_ckrk(sho, [1, 0]', 0, ts, omega);
  array[3, 2] real e = integrate_ode_bdf(sho_old, {1.0, 0.0}, 0, ts, {omega}, {0.0}, {0});
}
parameters {
  real mu;
}
model {
  mu ~ normal(0, 1);
}
`

// TestOdeTransformedData: every solver, run by the interpreter, meets its
// tolerance on the harmonic oscillator y1 = cos ωt, y2 = −ω sin ωt.
func TestOdeTransformedData(t *testing.T) {
	ts := []float64{0.5, 2, 7}
	p, d := loadSource(t, odeModel, `{"ts": [0.5, 2, 7]}`)
	td, err := simulate.TransformedData(p, d.Vars, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		v := td[name]
		if v == nil || len(v.Reals) != 6 {
			t.Fatalf("%s = %+v, want 3 x 2 values", name, v)
		}
		for k, tt := range ts {
			want := []float64{math.Cos(1.3 * tt), -1.3 * math.Sin(1.3*tt)}
			for i, w := range want {
				if got := v.Reals[2*k+i]; math.Abs(got-w) > 2e-5 {
					t.Errorf("%s[%d][%d] = %.9g, want %.9g", name, k+1, i+1, got, w)
				}
			}
		}
	}
}

// TestOdeInterpreterError: a solver failure is an error at the call.
func TestOdeInterpreterError(t *testing.T) {
	src := strings.Replace(odeModel, "ode_adams_tol(sho, [1, 0]', 0, ts, 1e-8, 1e-8, 10000, omega)", "ode_adams_tol(sho, [1, 0]', 0, ts, 1e-8, 1e-8, 2, omega)", 1)
	p, d := loadSource(t, src, `{"ts": [0.5, 2, 7]}`)
	_, err := simulate.TransformedData(p, d.Vars, nil)
	if err == nil || !strings.Contains(err.Error(), "16:26:") || !strings.Contains(err.Error(), "max_num_steps exceeded") {
		t.Errorf("err = %v, want max_num_steps exceeded at 16:26", err)
	}
}
