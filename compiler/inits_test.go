package compiler

import (
	"math"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/lang"
)

// TestInitPoint: user-given initial values map to the unconstrained space,
// parameters left out to NaN coordinates (drawn by the sampler), and a
// value on its constraint's boundary is refused, naming the element.
func TestInitPoint(t *testing.T) {
	src := `parameters {
  real mu;
  real<lower=0> tau;
  vector<lower=0, upper=1>[3] p;
  simplex[3] s;
}
model { mu ~ normal(0, 1); tau ~ exponential(1); p ~ beta(2, 2); }`
	prog, err := lang.ParseAndCheck("inits.bym", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m, err := CompileModel(prog, nil)
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	cases := []struct {
		name   string
		values map[string][]float64
		want   []float64 // NaN where drawn
		err    string
	}{
		{"partial", map[string][]float64{"tau": {2}}, []float64{nan, math.Log(2), nan, nan, nan, nan, nan}, ""},
		{"bounded vector", map[string][]float64{"p": {0.5, 0.25, 0.75}},
			[]float64{nan, nan, 0, math.Log(1.0 / 3), math.Log(3), nan, nan}, ""},
		{"lower bound", map[string][]float64{"tau": {0}}, nil,
			"tau is 0, but an initial value must be greater than its lower bound 0"},
		{"outside", map[string][]float64{"tau": {-1}}, nil,
			"tau is -1, but an initial value must be greater than its lower bound 0"},
		{"element on a bound", map[string][]float64{"p": {0.5, 1, 0.2}}, nil,
			"p[2] is 1, but an initial value must lie strictly between its bounds 0 and 1"},
		{"simplex boundary", map[string][]float64{"s": {1, 0, 0}}, nil,
			"s is on the boundary of its constraint, declared simplex[3], or outside it"},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			q, err := m.InitPoint(tt.values)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("InitPoint: %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i := range q {
				if math.IsNaN(tt.want[i]) != math.IsNaN(q[i]) || !math.IsNaN(q[i]) && math.Abs(q[i]-tt.want[i]) > 1e-12 {
					t.Fatalf("InitPoint = %v, want %v", q, tt.want)
				}
			}
		})
	}
	// Every parameter given: the point Unconstrain gives.
	all := map[string][]float64{"mu": {0.3}, "tau": {1.5}, "p": {0.1, 0.2, 0.3}, "s": {0.2, 0.3, 0.5}}
	q, err := m.InitPoint(all)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]float64, m.Dim())
	if err := m.Unconstrain(want, all); err != nil {
		t.Fatal(err)
	}
	for i := range q {
		if q[i] != want[i] {
			t.Fatalf("InitPoint = %v, Unconstrain = %v", q, want)
		}
	}
}
