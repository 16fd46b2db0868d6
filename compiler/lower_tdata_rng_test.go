package compiler

import (
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// TestTransformedDataRng: _rng calls in transformed data draw from the
// run's seed (simulate.TransformedDataRNG), so the compiled model is bound
// to the values the run's generated quantities see (simulate runs the
// block from the same stream), and another seed gives other values.
func TestTransformedDataRng(t *testing.T) {
	src := `transformed data { real z = normal_rng(0, 1); }
parameters { real mu; }
model { mu ~ normal(z, 1); }`
	p, err := lang.ParseAndCheck("test.bym", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	d, err := data.Load(p, "test.json", []byte("{}"))
	if err != nil {
		t.Fatal(err)
	}
	zOf := func(seed uint64) float64 {
		td, err := simulate.TransformedData(p, d.Vars, simulate.TransformedDataRNG(seed))
		if err != nil {
			t.Fatal(err)
		}
		return td["z"].Reals[0]
	}
	if zOf(3) == zOf(4) {
		t.Fatalf("seeds 3 and 4 draw the same z = %v", zOf(3))
	}
	for _, seed := range []uint64{3, 4} {
		m, err := CompileModelSeed(p, d, seed)
		if err != nil {
			t.Fatal(err)
		}
		z := zOf(seed)
		checkAtPoints(t, m, func(q []float64) float64 { return normal0(q[0], z, 1) }, [][]float64{{0.5}, {-1}})
	}
}
