package compiler

import (
	"math"
	"testing"

	"github.com/bayes-dev/bayes/lang"
)

// TestNonFiniteTerm: where the log density is not finite, NonFiniteTerm
// names the first term that is not, quoted with its place (and the loop
// variables of an unrolled loop); where it is finite, nothing.
func TestNonFiniteTerm(t *testing.T) {
	cases := []struct {
		name, src string
		q         []float64
		want      string
	}{
		{"target += NaN", `parameters { real mu; }
model {
  mu ~ normal(0, 1);
  target += mu / 0.0;
}`, []float64{0}, "`target += mu / 0.0` at terms.bym:4:3 is NaN"},
		{"target += +Inf", `parameters { real mu; }
model {
  mu ~ normal(0, 1);
  target += mu / 0.0;
}`, []float64{1}, "`target += mu / 0.0` at terms.bym:4:3 is +Inf"},
		{"the first of two", `parameters { real mu; }
model {
  target += log(mu);
  mu ~ normal(0, -1);
}`, []float64{-1}, "`target += log(mu)` at terms.bym:3:3 is NaN"},
		{"tilde", `parameters { real mu; real s; }
model {
  s ~ normal(0, 1);
  mu ~ normal(0, s);
}`, []float64{0, -1}, "`mu ~ normal(0, s)` at terms.bym:4:3 is NaN"},
		{"unrolled loop", `parameters { real<lower=0> s; }
model {
  for (i in 1:3) {
    target += log(s - i);
  }
}`, []float64{math.Log(2.5)}, "`target += log(s - i)` at terms.bym:4:5 is NaN (with i = 3)"},
		{"if on a parameter", `parameters { real mu; }
model {
  mu ~ normal(0, 1);
  if (mu > 0) target += -mu / 0.0;
}`, []float64{1}, "what `if (mu > 0)` at terms.bym:4:3 adds is -Inf"},
		{"transformed parameter bound", `parameters { real a; }
transformed parameters {
  real<lower=0> b = a;
}
model { a ~ normal(0, 1); }`, []float64{-1},
			"the transformed parameter b is below its declared lower bound: b is -1, but must be greater than or equal to 0"},
		{"finite", `parameters { real mu; }
model {
  mu ~ normal(0, 1);
  target += mu / 0.0;
}`, []float64{-1}, "`target += mu / 0.0` at terms.bym:4:3 is -Inf"},
		{"all finite", `parameters { real<lower=0> s; }
model { s ~ exponential(1); }`, []float64{0.5}, ""},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			p, err := lang.ParseAndCheck("terms.bym", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			m, err := CompileModel(p, nil)
			if err != nil {
				t.Fatal(err)
			}
			k := m.NewKernel()
			lp := k.LogDensityGrad(make([]float64, m.Dim()), tt.q)
			if finite := !math.IsNaN(lp) && !math.IsInf(lp, 0); finite != (tt.want == "") {
				t.Errorf("log density %v at %v", lp, tt.q)
			}
			if got := k.NonFiniteTerm(tt.q); got != tt.want {
				t.Errorf("NonFiniteTerm(%v) = %q\nwant %q", tt.q, got, tt.want)
			}
		})
	}
}
