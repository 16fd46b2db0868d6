package compiler

import (
	"math"
	"testing"
)

// TestRejection: a transformed parameter outside its declared bound makes
// the log density -Inf, and Rejection names the variable, the element, the
// bound and the value; within the bounds it says nothing.
func TestRejection(t *testing.T) {
	cases := []struct {
		name, src, data string
		q               []float64
		reason, example string
	}{
		{"scalar lower", `parameters { real mu; } transformed parameters { real<lower=0> s = mu - 1; }
			model { mu ~ normal(0, 1); }`, `{}`, []float64{0.5},
			"the transformed parameter s is below its declared lower bound",
			"s is -0.5, but must be greater than or equal to 0"},
		{"vector upper, data bound", `data { vector[3] hi; } parameters { vector[3] x; }
			transformed parameters { vector<upper=hi>[3] v = 2 * x; } model { x ~ normal(0, 1); }`,
			`{"hi": [1, 1, 5]}`, []float64{0, 0.25, 2.75},
			"the transformed parameter v is above its declared upper bound",
			"v[3] is 5.5, but must be less than or equal to 5"},
		{"matrix element, parameter bound", `parameters { real lo; matrix[2, 2] m; }
			transformed parameters { matrix<lower=lo>[2, 2] w = m; } model { lo ~ normal(0, 1); to_vector(m) ~ normal(0, 1); }`,
			`{}`, []float64{0, 1, 2, -3, 4},
			"the transformed parameter w is below its declared lower bound",
			"w[2,1] is -3, but must be greater than or equal to 0"},
		{"within bounds", `parameters { real mu; } transformed parameters { real<lower=0> s = exp(mu); }
			model { mu ~ normal(0, 1); }`, `{}`, []float64{0.5}, "", ""},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			k := compileSource(t, tt.src, tt.data).NewKernel()
			lp := k.LogDensityGrad(make([]float64, len(tt.q)), tt.q)
			if rejected := math.IsInf(lp, -1); rejected != (tt.reason != "") {
				t.Errorf("log density %v, want rejected = %v", lp, tt.reason != "")
			}
			reason, example := k.Rejection(tt.q)
			if reason != tt.reason || example != tt.example {
				t.Errorf("Rejection = %q, %q\nwant        %q, %q", reason, example, tt.reason, tt.example)
			}
		})
	}
}
