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
}
transformed data {
  real r = reduce_sum(part, {1.0, 2.0, 3.5}, 1, 2.0);
  real r0 = reduce_sum_static(part, rep_array(1.0, 0), 1, 2.0);
  vector[4] m = map_rect(job, [2.0]', {[3.0]', [5.0]'}, {{0.5}, {0.25}}, {{7}, {9}});
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
// and its map_rect concatenates the jobs in order.
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
	} {
		v := td[c.name]
		if v == nil || len(v.Reals) != len(c.want) {
			t.Fatalf("%s = %+v, want %v", c.name, v, c.want)
		}
		for i, w := range c.want {
			if math.Abs(v.Reals[i]-w) > 1e-12 {
				t.Errorf("%s[%d] = %g, want %g", c.name, i+1, v.Reals[i], w)
			}
		}
	}
}
