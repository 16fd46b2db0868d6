package simulate

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
)

// TestTables walks lang's tables: every distribution has a row here and
// every built-in function an implementation. (The univariate families' rngs
// are checked against their moments and CDFs by the library's table test.)
func TestTables(t *testing.T) {
	for _, d := range lang.Dists() {
		if families[d] == nil {
			t.Errorf("distribution %s has no row in families", d.Name)
		}
	}
	for _, name := range lang.FuncNames() {
		if builtins[lang.LookupFunc(name)] == nil {
			t.Errorf("built-in %s has no implementation", name)
		}
	}
}

func vec(xs ...float64) *Value { return realsValue(lang.Vector, []int{len(xs)}, xs) }

// TestMultivariateRng checks the multivariate _rng by their elementwise
// means and variances, with the same 4-sd bounds on the means.
func TestMultivariateRng(t *testing.T) {
	const n = 20000
	eye := realsValue(lang.Matrix, []int{2, 2}, []float64{4, 1.2, 1.2, 1})
	lchol := realsValue(lang.Matrix, []int{2, 2}, []float64{2, 0, 0.6, 0.8})
	theta := []float64{0.2, 0.5, 0.3}
	tests := []struct {
		name      string
		args      []*Value
		mean, vr  []float64 // exact moments of each element
		transform func(v *Value) []float64
	}{
		// categorical: the index k has mean sum k theta_k.
		{"categorical", []*Value{vec(theta...)}, []float64{2.1}, []float64{0.2 + 2.0 + 2.7 - 2.1*2.1}, nil},
		{"categorical_logit", []*Value{vec(math.Log(0.2), math.Log(0.5), math.Log(0.3))}, []float64{2.1}, []float64{4.9 - 2.1*2.1}, nil},
		// multinomial: counts N theta_k, variances N theta_k (1 - theta_k).
		{"multinomial", []*Value{vec(theta...), intValue(10)}, []float64{2, 5, 3}, []float64{1.6, 2.5, 2.1}, nil},
		// dirichlet: alpha_k / a0, alpha_k (a0 - alpha_k) / (a0^2 (a0 + 1)).
		{"dirichlet", []*Value{vec(2, 3, 5)}, []float64{0.2, 0.3, 0.5}, []float64{2 * 8 / 1100.0, 3 * 7 / 1100.0, 5 * 5 / 1100.0}, nil},
		{"multi_normal", []*Value{vec(1, -1), eye}, []float64{1, -1}, []float64{4, 1}, nil},
		{"multi_normal_cholesky", []*Value{vec(1, -1), lchol}, []float64{1, -1}, []float64{4, 1}, nil},
		// lkj_corr(3, eta): each correlation is 2 Beta(b, b) - 1, b = eta - 1 + K/2, variance 1 / (2 eta + K - 1).
		{"lkj_corr", []*Value{intValue(3), realValue(2)}, []float64{0, 0, 1}, []float64{1 / 6.0, 1 / 6.0, 0},
			func(v *Value) []float64 { return []float64{v.Reals[1], v.Reals[5], v.Reals[4]} }},
		{"lkj_corr_cholesky", []*Value{intValue(3), realValue(2)}, []float64{0, 0, 1}, []float64{1 / 6.0, 1 / 6.0, 0},
			func(v *Value) []float64 {
				l := v.Reals // (L L')[1,2] = L10 L00, [1,2] of rows 1 and 2: L20 L10 + L21 L11
				return []float64{l[3] * l[0], l[6]*l[3] + l[7]*l[4], l[3]*l[3] + l[4]*l[4]}
			}},
		// ordered_logistic(0, [-1, 1]): P = 1 - il(1), il(1) - il(-1), il(-1).
		{"ordered_logistic", []*Value{realValue(0), vec(-1, 1)}, []float64{2}, []float64{2 * (1 - library.InvLogit(1))}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := families[lang.LookupDist(tt.name)]
			r := rand.New(rand.NewPCG(11, 2))
			sums := make([]float64, len(tt.mean))
			sq := make([]float64, len(tt.mean))
			for range n {
				v, err := f.mvRng(r, tt.args)
				if err != nil {
					t.Fatal(err)
				}
				xs := v.reals()
				if tt.transform != nil {
					xs = tt.transform(v)
				}
				for i := range sums {
					sums[i] += xs[i]
					sq[i] += xs[i] * xs[i]
				}
			}
			for i := range sums {
				m := sums[i] / n
				vr := sq[i]/n - m*m
				if bound := 4*math.Sqrt(tt.vr[i]/n) + 1e-12; math.Abs(m-tt.mean[i]) > bound {
					t.Errorf("element %d: mean %g, want %g within %g", i, m, tt.mean[i], bound)
				}
				// A loose check of the variance (no fourth moment at hand): 10%.
				if math.Abs(vr-tt.vr[i]) > 0.1*tt.vr[i]+1e-9 {
					t.Errorf("element %d: variance %g, want %g", i, vr, tt.vr[i])
				}
			}
		})
	}
}

// TestTruncated checks inverse-CDF truncation: half-normal(0, 1) has mean sqrt(2/pi).
func TestTruncated(t *testing.T) {
	f := families[lang.LookupDist("normal")]
	r := rand.New(rand.NewPCG(3, 3))
	const n = 20000
	xs := make([]float64, n)
	for i := range xs {
		x, err := f.truncated(r, []float64{0, 1}, 0, math.Inf(1))
		if err != nil {
			t.Fatal(err)
		}
		xs[i] = x
	}
	m, _ := meanVar(xs)
	want, sd := math.Sqrt(2/math.Pi), math.Sqrt(1-2/math.Pi)
	if math.Abs(m-want) > 4*sd/math.Sqrt(n) {
		t.Errorf("half-normal mean %g, want %g", m, want)
	}
	if _, err := families[lang.LookupDist("poisson")].truncated(r, []float64{1}, 50, 60); err == nil {
		t.Error("rejection sampling of a Poisson(1) in [50, 60] did not give up")
	}
}

// TestDrawFitsInt: a draw of an int-valued row outside a Stan int is an
// error naming the draw, whatever the row (the net under rate's limits).
func TestDrawFitsInt(t *testing.T) {
	f := &family{name: "huge", lib: &library.Dist{Discrete: true, Rng: func(*rand.Rand, []float64) float64 { return 3e9 }}, dist: lang.LookupDist("bernoulli")}
	_, err := f.draw1(rand.New(rand.NewPCG(1, 1)), nil)
	if want := "the draw 3e+09 does not fit in an int (32-bit, at most 2147483647)"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	f.lib.Rng = func(*rand.Rand, []float64) float64 { return maxStanInt }
	if x, err := f.draw1(rand.New(rand.NewPCG(1, 1)), nil); err != nil || x != maxStanInt {
		t.Errorf("draw1 = %v, %v; want %d", x, err, maxStanInt)
	}
}
