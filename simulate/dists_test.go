package simulate

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/bayes-dev/bayes/lang"
)

// TestTables walks lang's tables: every distribution has a row here and
// every built-in function an implementation.
func TestTables(t *testing.T) {
	for _, d := range lang.Dists() {
		if families[d] == nil {
			t.Errorf("distribution %s has no row in familyRows", d.Name)
		}
	}
	for _, name := range lang.FuncNames() {
		if builtins[lang.LookupFunc(name)] == nil {
			t.Errorf("built-in %s has no implementation", name)
		}
	}
}

// rngCases gives each univariate family's test parameters; the means and
// variances come from the rows' moments, each the textbook formula of the
// Stan Functions Reference's parameterisation.
var rngCases = map[string][]float64{
	"normal": {1, 2}, "std_normal": {}, "cauchy": {1, 2}, "student_t": {7, 1, 2},
	"double_exponential": {1, 2}, "logistic": {1, 2}, "gumbel": {1, 2}, "lognormal": {0.5, 0.4},
	"exponential": {2}, "gamma": {3, 2}, "inv_gamma": {7, 3}, "weibull": {2, 3},
	"chi_square": {5}, "inv_chi_square": {9}, "scaled_inv_chi_square": {9, 2}, "beta": {2, 3},
	"uniform": {-1, 3}, "bernoulli": {0.3}, "bernoulli_logit": {-0.5}, "binomial": {20, 0.3},
	"binomial_logit": {20, 0.4}, "beta_binomial": {20, 2, 3}, "poisson": {4.5}, "poisson_log": {1.2},
	"neg_binomial": {3, 0.5}, "neg_binomial_2": {4, 2}, "neg_binomial_2_log": {1.5, 3},
}

// TestUnivariateRng checks each univariate _rng against its distribution:
// |sample mean - mean| < 4 sd / sqrt(n) and |sample variance - variance| <
// 4 sqrt((m4 - variance^2) / n), m4 the sample fourth central moment (the
// delta-method sd of the sample variance); without moments (cauchy), a
// Kolmogorov-Smirnov test against the row's CDF at the 0.1% level
// (critical value 1.95 / sqrt(n)).
func TestUnivariateRng(t *testing.T) {
	const n = 20000
	for _, f := range familyRows {
		if f.multivariate() {
			continue
		}
		p, ok := rngCases[f.name]
		if !ok {
			t.Errorf("%s has no test case", f.name)
			continue
		}
		t.Run(f.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, 1))
			xs := make([]float64, n)
			for i := range xs {
				x, err := f.draw1(r, p)
				if err != nil {
					t.Fatal(err)
				}
				xs[i] = x
			}
			if f.moments == nil {
				ks(t, xs, func(x float64) float64 { return f.cdf(x, p) })
				return
			}
			mean, variance := f.moments(p)
			m, s2 := meanVar(xs)
			m4 := 0.0
			for _, x := range xs {
				m4 += math.Pow(x-m, 4) / n
			}
			if bound := 4 * math.Sqrt(variance/n); math.Abs(m-mean) > bound {
				t.Errorf("mean %g, want %g within %g", m, mean, bound)
			}
			if bound := 4 * math.Sqrt((m4-s2*s2)/n); math.Abs(s2-variance) > bound {
				t.Errorf("variance %g, want %g within %g", s2, variance, bound)
			}
			if f.cdf != nil && f.dist.Outcome == lang.OutcomeReal {
				ks(t, xs, func(x float64) float64 { return f.cdf(x, p) })
			}
		})
	}
}

func ks(t *testing.T, xs []float64, cdf func(float64) float64) {
	t.Helper()
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := float64(len(s))
	d := 0.0
	for i, x := range s {
		c := cdf(x)
		d = math.Max(d, math.Max(math.Abs(c-float64(i)/n), math.Abs(float64(i+1)/n-c)))
	}
	if crit := 1.95 / math.Sqrt(n); d > crit {
		t.Errorf("Kolmogorov-Smirnov D = %g > %g", d, crit)
	}
}

func vec(xs ...float64) *Value { return vectorOf(lang.Vector, xs) }

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
		{"ordered_logistic", []*Value{realValue(0), vec(-1, 1)}, []float64{2}, []float64{2 * (1 - invLogit(1))}, nil},
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
