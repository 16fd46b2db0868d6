package simulate_test

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/simulate"
)

// TestExpressions runs testdata/exprs.bym and compares each generated
// quantity with its value worked out by hand (A = [[4, 2], [2, 3]],
// x = [1, 2, 3]; Stan's int division truncates, % keeps the dividend's sign).
func TestExpressions(t *testing.T) {
	p, d := load(t, filepath.Join("testdata", "exprs.bym"), filepath.Join("testdata", "exprs.json"))
	g, err := simulate.NewGenerator(p, d.Vars)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(g.GQNames()))
	if err := g.Run(rand.New(rand.NewPCG(1, 1)), []float64{0.5}, out); err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for i, n := range g.GQNames() {
		got[n] = out[i]
	}
	l11, l21 := 2.0, 1.0
	l22 := math.Sqrt(2)
	want := map[string]float64{
		"idiv": 3, "imod": -1, "rdiv": 3.5, "p": 8,
		"ew[1]": 1, "ew[2]": 4, "ew[3]": 9, "dot": 14,
		"L[1,1]": l11, "L[2,1]": l21, "L[1,2]": 0, "L[2,2]": l22,
		"LLt[1,1]": 4, "LLt[2,1]": 2, "LLt[1,2]": 2, "LLt[2,2]": 3,
		"solve[1]": 0.5, "solve[2]": (2 - 0.5) / l22,
		"ld": math.Log(8), "Ainv[1,1]": 3.0 / 8, "Ainv[1,2]": -2.0 / 8, "Ainv[2,2]": 4.0 / 8,
		"qf": 11, "sm[1]": 1.0 / 3, "cs[3]": 6, "seg[1]": 2, "seg[2]": 3,
		"rv[3]": 3, "tv[1]": 4, "tv[2]": 2, "tv[3]": 2, "tv[4]": 3, // to_vector is column-major
		"col": 2, "colv[1]": 2, "colv[2]": 3, "multi[1]": 3, "multi[2]": 1,
		"tern": 1, "count": 4,
		"fe": 123456, // foreach over tm = [[1, 3, 5], [2, 4, 6]] visits it column-major
		// A \ [8, 7]' = A^-1 [8, 7]' = [10, 12]/8; [8, 7] / A = [8, 7] A^-1 = [10, 12]/8 (A is symmetric).
		"ldiv[1]": 1.25, "ldiv[2]": 1.5, "rdiv2[1]": 1.25, "rdiv2[2]": 1.5,
		"rm[1]": 6, "rm[2]": 5, "outer[1,1]": 3, "outer[2,1]": 6, "outer[1,2]": 4, "outer[2,2]": 8,
		"lpn": -0.5 - 0.5*math.Log(2*math.Pi), "lpp": 2*math.Log(3) - 3 - math.Log(2),
		"lpv": -7 - 1.5*math.Log(2*math.Pi),
		// L^-1 [1, 1]' = [0.5, 0.5/sqrt2]: quadratic form 0.375; log det L = log(2 sqrt2).
		"lpm":  -math.Log(2*math.Pi) - math.Log(2*math.Sqrt2) - 0.5*0.375,
		"lcdf": math.Log(0.5), "ar[4]": 4, "ac[1,3]": 5, "ac[2,3]": 6, "ac[2,2]": 3,
		"tm[1,1]": 1, "tm[2,1]": 2, "tm[1,2]": 3, "tm[2,3]": 6, // filled column-major
		"imin": 2, "sz": 3, "lse": 2 + math.Log1p(math.Exp(-1)),
		"lmx": math.Log(0.25 + 0.75*math.E), "ra[2,2]": 1.5, "hd[2]": 2, "rsum": 5,
		"s": 192 + 7, // 6 doubled to 192, then 1 + 5 + 1
	}
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("%s is not a generated quantity", name)
			continue
		}
		if math.Abs(g-w) > 1e-12*math.Max(1, math.Abs(w)) {
			t.Errorf("%s = %g, want %g", name, g, w)
		}
	}
}

// TestPosteriorPredictive runs y_rep ~ normal_rng(mu, sigma) for fixed
// parameters and checks the draws' mean and variance, and the names and
// column-major order of a matrix.
func TestPosteriorPredictive(t *testing.T) {
	p, d := load(t, filepath.Join("testdata", "ppc.bym"), filepath.Join("testdata", "ppc.json"))
	g, err := simulate.NewGenerator(p, d.Vars)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(g.ParamNames(), " "); got != "mu sigma sigma2" {
		t.Errorf("ParamNames = %s", got)
	}
	names := strings.Join(g.GQNames(), " ")
	if want := "y_rep[1] y_rep[2] y_rep[3] y_rep[4] M[1,1] M[2,1] M[1,2] M[2,2] M[1,3] M[2,3]"; names != want {
		t.Fatalf("GQNames = %s\nwant %s", names, want)
	}
	r := rand.New(rand.NewPCG(5, 5))
	out := make([]float64, len(g.GQNames()))
	const n = 5000
	var xs []float64
	for range n {
		if err := g.Run(r, []float64{3, 2}, out); err != nil { // parameters only: TP computed
			t.Fatal(err)
		}
		xs = append(xs, out[0])
	}
	if got := out[4:]; got[0] != 1 || got[1] != 4 || got[2] != 2 || got[5] != 6 {
		t.Errorf("M in column-major order = %v, want [1 4 2 5 3 6]", got)
	}
	m, v := simulate.MeanVar(xs)
	if math.Abs(m-3) > 4*2/math.Sqrt(n) {
		t.Errorf("mean of y_rep[1] = %g, want 3", m)
	}
	if math.Abs(v-4) > 4*4*math.Sqrt(2.0/n) {
		t.Errorf("variance of y_rep[1] = %g, want 4", v)
	}
	if err := g.Run(r, []float64{3}, out); err == nil {
		t.Error("Run accepted one value for two parameters")
	}
}
