package simulate_test

import (
	"math"
	"testing"

	"github.com/bayes-dev/bayes/simulate"
)

const higherModel = `functions {
  real part(array[] real x, int start, int end, real c) {
    return c * sum(x) + 1000 * start + end;
  }
  vector job(vector phi, vector theta, data array[] real x_r, data array[] int x_i) {
    return [phi[1] * theta[1] + x_r[1], x_i[1]]';
  }
  vector sys2(vector y, real r, real a) {
    return [y[1]^2 + y[2]^2 - r^2, y[1] - a * y[2]]';
  }
  real gauss(real x, real xc, array[] real theta, array[] real x_r, array[] int x_i) {
    return exp(-x^2 / (2 * theta[1]^2));
  }
  vector sys(vector y, vector theta, data array[] real x_r, array[] int x_i) {
    return [y[1]^2 + y[2]^2 - theta[1]^2, y[1] - theta[2] * y[2]]';
  }
}
transformed data {
  real r = reduce_sum(part, {1.0, 2.0, 3.5}, 1, 2.0);
  real r0 = reduce_sum_static(part, rep_array(1.0, 0), 1, 2.0);
  vector[4] m = map_rect(job, [2.0]', {[3.0]', [5.0]'}, {{0.5}, {0.25}}, {{7}, {9}});
  array[0] real x_r;
  array[0] int x_i;
  vector[2] s1 = solve_powell(sys2, [1, 1]', 2.0, 0.5);
  vector[2] s2 = solve_newton_tol(sys2, [1, 1]', 1e-3, 1e-8, 100, 2.0, 0.5);
  vector[2] s3 = algebra_solver(sys, [1, 1]', [2.0, 0.5]', x_r, x_i);
  real i1 = integrate_1d(gauss, negative_infinity(), positive_infinity(), {2.0}, x_r, x_i);
  real i2 = integrate_1d(gauss, 0, 1, {1.0}, x_r, x_i, 1e-10);
  vector[2] s4 = algebra_solver_newton(sys, [1, 1]', [2.0, 0.5]', x_r, x_i);
}
parameters {
  real mu;
}
model {
  mu ~ normal(0, 1);
}
`

// TestHigherTransformedData: the interpreter's reduce_sum is f over the
// whole array (start 1, end 3: 2·6.5 + 1000 + 3), 0 over an empty one,
// its map_rect concatenates the jobs in order, and its algebraic solvers
// find the root that the compiled model's do (lower_higher_test.go).
func TestHigherTransformedData(t *testing.T) {
	p, d := loadSource(t, higherModel, `{}`)
	td, err := simulate.TransformedData(p, d.Vars, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		want []float64
	}{
		{"r", []float64{1016}},
		{"r0", []float64{0}},
		{"m", []float64{6.5, 7, 10.25, 9}},
		// y2 = r/√(1 + a²), y1 = a y2 with r = 2, a = 0.5
		{"s1", []float64{1 / math.Sqrt(1.25), 2 / math.Sqrt(1.25)}},
		{"s2", []float64{1 / math.Sqrt(1.25), 2 / math.Sqrt(1.25)}},
		{"s3", []float64{1 / math.Sqrt(1.25), 2 / math.Sqrt(1.25)}},
		{"s4", []float64{1 / math.Sqrt(1.25), 2 / math.Sqrt(1.25)}},
		// θ√(2π) with θ = 2, and √(2π) (Φ(1) − ½) = √(π/2) erf(1/√2)
		{"i1", []float64{2 * math.Sqrt(2*math.Pi)}},
		{"i2", []float64{math.Sqrt(math.Pi/2) * math.Erf(1/math.Sqrt2)}},
	} {
		v := td[c.name]
		if v == nil || len(v.Reals) != len(c.want) {
			t.Fatalf("%s = %+v, want %v", c.name, v, c.want)
		}
		for i, w := range c.want {
			if math.Abs(v.Reals[i]-w) > 1e-9*math.Max(1, math.Abs(w)) {
				t.Errorf("%s[%d] = %g, want %g", c.name, i+1, v.Reals[i], w)
			}
		}
	}
}
