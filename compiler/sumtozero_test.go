package compiler

import (
	"github.com/bayes-dev/bayes/compiler/transform"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/lang"
)

// TestSumToZeroTransform checks the sum_to_zero_vector row at sizes up to
// 8: Stan Math's sum_to_zero_constrain at u = (1, 2), worked by hand from
// its loop (w_2 = 2/√6, w_1 = 1/√2; x = (w_1 + w_2, w_2 - w_1, -2 w_2));
// at random points, a sum of 0 within 1e-12, the isometry |x| = |u| and the
// round trip through the inverse; and NaN from the inverse of a vector
// that does not sum to 0.
func TestSumToZeroTransform(t *testing.T) {
	tr := transform.Of(lang.DeclSumToZeroVector)
	w1, w2 := 1/math.Sqrt(2), 2/math.Sqrt(6)
	x, lj := evalRow(tr, []int{3}, []float64{1, 2})
	want := []float64{w1 + w2, w2 - w1, -2 * w2}
	for i := range want {
		if math.Abs(x[i]-want[i]) > 1e-15 {
			t.Errorf("u = (1, 2): x = %v, want %v", x, want)
			break
		}
	}
	if lj != 0 {
		t.Errorf("u = (1, 2): lj %v, want 0 (Stan adds no Jacobian)", lj)
	}
	rng := rand.New(rand.NewPCG(36, 1))
	for k := 1; k <= 8; k++ {
		u := make([]float64, k-1)
		uu := 0.0
		for i := range u {
			u[i] = 3 * rng.NormFloat64()
			uu += u[i] * u[i]
		}
		x, _ := evalRow(tr, []int{k}, u)
		sum, xx := 0.0, 0.0
		for _, v := range x {
			sum += v
			xx += v * v
		}
		if len(x) != k || math.Abs(sum) > 1e-12 || math.Abs(xx-uu) > 1e-12*math.Max(1, uu) {
			t.Errorf("K = %d: x = %v sums to %g, |x|² = %g, |u|² = %g", k, x, sum, xx, uu)
		}
		back := tr.Inverse(x, []int{k})
		for i := range u {
			if math.Abs(back[i]-u[i]) > 1e-12*math.Max(1, math.Abs(u[i])) {
				t.Errorf("K = %d: inverse %v, want %v", k, back, u)
				break
			}
		}
		if k > 1 {
			x[0] += 1e-6
			if b := tr.Inverse(x, []int{k}); !math.IsNaN(b[0]) {
				t.Errorf("K = %d: inverse of a vector summing to 1e-6 is %v, want NaN", k, b)
			}
		}
	}
}

// TestSumToZeroModel: `a ~ normal(0, 1)` on a sum_to_zero_vector[5] has
// the log density -|a|²/2 = -|q|²/2 (the transform is an isometry and adds
// no Jacobian) and the gradient -q.
func TestSumToZeroModel(t *testing.T) {
	isometryModel(t, "parameters {\n  sum_to_zero_vector[5] a;\n}\nmodel {\n  a ~ normal(0, 1);\n}\n", 4, 5, 36)
}

// isometryModel: a standard normal on the constrained values of a model
// whose transform is an isometry without a Jacobian has the log density
// -|q|²/2 and the gradient -q, with dim unconstrained values and outs
// outputs.
func isometryModel(t *testing.T, src string, dim, outs int, seed uint64) {
	t.Helper()
	m := compileSourceTB(t, src, "{}")
	k := m.NewKernel()
	if k.Dim() != dim || m.NumOutputs() != outs {
		t.Fatalf("%d unconstrained values and %d outputs, want %d and %d", k.Dim(), m.NumOutputs(), dim, outs)
	}
	rng := rand.New(rand.NewPCG(seed, 2))
	g := make([]float64, dim)
	for range 5 {
		q := randomPoint(rng, dim)
		qq := 0.0
		for _, v := range q {
			qq += v * v
		}
		if lp := k.LogDensityGrad(g, q); math.Abs(lp+qq/2) > 1e-12*math.Max(1, qq) {
			t.Errorf("q = %v: lp %v, want %v", q, lp, -qq/2)
		}
		for i := range q {
			if math.Abs(g[i]+q[i]) > 1e-12 {
				t.Errorf("q = %v: gradient %v, want -q", q, g)
				break
			}
		}
	}
}
