package compiler

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestBreadthLpdfValues checks each density of lpdf_more.go against
// gonum's stat/distuv (v0.17.0) where it has the family, otherwise against
// the pmf written with math.Gamma (Functions Reference, each family's
// "Probability mass function"; small arguments, where Γ is exact to a few
// ulps). Each family is checked at several points drawn from the domains of
// its finite-difference case.
func TestBreadthLpdfValues(t *testing.T) {
	g := math.Gamma
	nbPmf := func(n, a, b float64) float64 { // NegBinomial(α, β): Γ(n+α)/(Γ(α) n!) (β/(1+β))^α (1+β)^-n
		return math.Log(g(n+a) / (g(a) * g(n+1)) * math.Pow(b/(1+b), a) * math.Pow(1+b, -n))
	}
	tests := []struct {
		op  Op
		ref func(x [4]float64) float64 // the reference, from the source named
		src string
	}{
		{OpDoubleExponentialLpdf, func(x [4]float64) float64 {
			return distuv.Laplace{Mu: x[1], Scale: x[2]}.LogProb(x[0])
		}, "distuv.Laplace"},
		// Logistic: exp(-z) / (σ (1 + exp(-z))²) (Functions Reference, "Logistic
		// distribution"); distuv.Logistic.LogProb ignores Mu and S in v0.17.0.
		{OpLogisticLpdf, func(x [4]float64) float64 {
			e := math.Exp(-(x[0] - x[1]) / x[2])
			return math.Log(e / (x[2] * (1 + e) * (1 + e)))
		}, "closed form"},
		{OpInvGammaLpdf, func(x [4]float64) float64 {
			return distuv.InverseGamma{Alpha: x[1], Beta: x[2]}.LogProb(x[0])
		}, "distuv.InverseGamma"},
		{OpWeibullLpdf, func(x [4]float64) float64 {
			return distuv.Weibull{K: x[1], Lambda: x[2]}.LogProb(x[0])
		}, "distuv.Weibull"},
		{OpChiSquareLpdf, func(x [4]float64) float64 {
			return distuv.ChiSquared{K: x[1]}.LogProb(x[0])
		}, "distuv.ChiSquared"},
		// Inv-χ²(ν) = InvGamma(ν/2, 1/2); Scaled-Inv-χ²(ν, s) = InvGamma(ν/2, ν s²/2)
		// (Gelman et al., "Bayesian Data Analysis", 3rd ed., Appendix A)
		{OpInvChiSquareLpdf, func(x [4]float64) float64 {
			return distuv.InverseGamma{Alpha: x[1] / 2, Beta: 0.5}.LogProb(x[0])
		}, "distuv.InverseGamma"},
		{OpScaledInvChiSquareLpdf, func(x [4]float64) float64 {
			return distuv.InverseGamma{Alpha: x[1] / 2, Beta: x[1] * x[2] * x[2] / 2}.LogProb(x[0])
		}, "distuv.InverseGamma"},
		{OpGumbelLpdf, func(x [4]float64) float64 {
			return distuv.GumbelRight{Mu: x[1], Beta: x[2]}.LogProb(x[0])
		}, "distuv.GumbelRight"},
		{OpBernoulliLpmf, func(x [4]float64) float64 {
			return distuv.Bernoulli{P: x[1]}.LogProb(x[0])
		}, "distuv.Bernoulli"},
		{OpBinomialLpmf, func(x [4]float64) float64 {
			return distuv.Binomial{N: x[1], P: x[2]}.LogProb(x[0])
		}, "distuv.Binomial"},
		// C(N, n) B(n+α, N-n+β) / B(α, β)
		{OpBetaBinomialLpmf, func(x [4]float64) float64 {
			n, N, a, b := x[0], x[1], x[2], x[3]
			beta := func(a, b float64) float64 { return g(a) * g(b) / g(a+b) }
			return math.Log(g(N+1) / (g(n+1) * g(N-n+1)) * beta(n+a, N-n+b) / beta(a, b))
		}, "closed form"},
		{OpPoissonLpmf, func(x [4]float64) float64 {
			return distuv.Poisson{Lambda: x[1]}.LogProb(x[0])
		}, "distuv.Poisson"},
		{OpNegBinomialLpmf, func(x [4]float64) float64 { return nbPmf(x[0], x[1], x[2]) }, "closed form"},
		// NegBinomial2(μ, φ) = NegBinomial(φ, φ/μ) (Functions Reference,
		// "Negative binomial distribution (alternative parameterization)")
		{OpNegBinomial2Lpmf, func(x [4]float64) float64 { return nbPmf(x[0], x[2], x[2]/x[1]) }, "closed form"},
		{OpNegBinomial2LogLpmf, func(x [4]float64) float64 {
			return nbPmf(x[0], x[2], x[2]/math.Exp(x[1]))
		}, "closed form"},
	}
	rng := rand.New(rand.NewPCG(31, 32))
	for _, tc := range tests {
		t.Run(tc.op.String(), func(t *testing.T) {
			doms := fdCases[tc.op].args
			f := tc.op.Info().Scalar
			for point := 0; point < 6; point++ {
				var x [4]float64
				for i, d := range doms {
					x[i] = d.draw(rng)
				}
				got, want := f(x[0], x[1], x[2], x[3], 0), tc.ref(x)
				if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
					t.Errorf("at %v: %.15g, %s %.15g", x[:len(doms)], got, tc.src, want)
				}
			}
		})
	}
	// uniform: distuv.Uniform, inside and outside the support
	for _, y := range []float64{-0.5, 0.3, 2.5} {
		got, want := uniformLpdf(y, -0.2, 1.7, 0, 0), distuv.Uniform{Min: -0.2, Max: 1.7}.LogProb(y)
		if got != want && !(math.IsInf(got, -1) && math.IsInf(want, -1)) {
			t.Errorf("uniform_lpdf(%v | -0.2, 1.7) = %v, distuv.Uniform %v", y, got, want)
		}
	}
}

// TestBreadthPmfNormalised: the pmfs sum to 1 over their support (the
// unbounded ones up to n = 2000, where the tail is below 1e-15).
func TestBreadthPmfNormalised(t *testing.T) {
	sum := func(f func(n float64) float64, hi int) float64 {
		s := 0.0
		for n := 0; n <= hi; n++ {
			s += math.Exp(f(float64(n)))
		}
		return s
	}
	tests := []struct {
		name string
		s    float64
	}{
		{"binomial(12, 0.3)", sum(func(n float64) float64 { return binomialLpmf(n, 12, 0.3, 0, 0) }, 12)},
		{"beta_binomial(12, 2.5, 0.7)", sum(func(n float64) float64 { return betaBinomialLpmf(n, 12, 2.5, 0.7, 0) }, 12)},
		{"poisson(4.2)", sum(func(n float64) float64 { return poissonLpmf(n, 4.2, 0, 0, 0) }, 2000)},
		{"neg_binomial(3.5, 0.8)", sum(func(n float64) float64 { return negBinomialLpmf(n, 3.5, 0.8, 0, 0) }, 2000)},
		{"neg_binomial_2(6, 1.5)", sum(func(n float64) float64 { return negBinomial2Lpmf(n, 6, 1.5, 0, 0) }, 2000)},
		{"neg_binomial_2_log(1.2, 40)", sum(func(n float64) float64 { return negBinomial2LogLpmf(n, 1.2, 40, 0, 0) }, 2000)},
	}
	for _, tc := range tests {
		if math.Abs(tc.s-1) > 1e-12 {
			t.Errorf("%s: Σ pmf = %.15g", tc.name, tc.s)
		}
	}
}

// TestBreadthLpdfEdges: Stan's conventions at the edges of the support.
func TestBreadthLpdfEdges(t *testing.T) {
	inf := math.Inf(-1)
	tests := []struct {
		name      string
		got, want float64
	}{
		{"poisson(0 | 0)", poissonLpmf(0, 0, 0, 0, 0), 0},
		{"binomial(0 | 5, 0)", binomialLpmf(0, 5, 0, 0, 0), 0},
		{"binomial(5 | 5, 1)", binomialLpmf(5, 5, 1, 0, 0), 0},
		{"bernoulli(1 | 1)", bernoulliLpmf(1, 1, 0, 0, 0), 0},
		{"neg_binomial_2(0 | 0, 2)", negBinomial2Lpmf(0, 0, 2, 0, 0), 0},
		{"inv_gamma(-1 | 2, 2)", invGammaLpdf(-1, 2, 2, 0, 0), inf},
		{"weibull(-1 | 2, 2)", weibullLpdf(-1, 2, 2, 0, 0), inf},
		{"chi_square(-1 | 3)", chiSquareLpdf(-1, 3, 0, 0, 0), inf},
		{"binomial(6 | 5, 0.5)", binomialLpmf(6, 5, 0.5, 0, 0), inf},
		// neg_binomial_2_log with η = 800: exp(η) overflows, the log1p_exp form does not
		{"neg_binomial_2_log(3 | 800, 2) finite", boolF(!math.IsInf(negBinomial2LogLpmf(3, 800, 2, 0, 0), 0)), 1},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

// breadthKernels are the summands that `~` keeps whatever is constant,
// written independently from each family's density (Functions Reference):
// the lpdf minus every droppable term of breadthDists must equal them.
var breadthKernels = map[string]func(x [4]float64) float64{
	"double_exponential": func(x [4]float64) float64 { return -math.Abs(x[0]-x[1]) / x[2] },
	"logistic": func(x [4]float64) float64 {
		z := (x[0] - x[1]) / x[2]
		return -z - 2*math.Log1p(math.Exp(-z))
	},
	"inv_gamma":             func(x [4]float64) float64 { return 0 },
	"weibull":               func(x [4]float64) float64 { return -math.Pow(x[0]/x[2], x[1]) },
	"uniform":               func(x [4]float64) float64 { return 0 },
	"chi_square":            func(x [4]float64) float64 { return 0 },
	"inv_chi_square":        func(x [4]float64) float64 { return 0 },
	"scaled_inv_chi_square": func(x [4]float64) float64 { return -x[1] * x[2] * x[2] / (2 * x[0]) },
	"gumbel": func(x [4]float64) float64 {
		z := (x[0] - x[1]) / x[2]
		return -z - math.Exp(-z)
	},
	"bernoulli": func(x [4]float64) float64 { return x[0]*math.Log(x[1]) + (1-x[0])*math.Log(1-x[1]) },
	"binomial":  func(x [4]float64) float64 { return x[0]*math.Log(x[2]) + (x[1]-x[0])*math.Log(1-x[2]) },
	"beta_binomial": func(x [4]float64) float64 {
		a, b := x[0]+x[2], x[1]-x[0]+x[3]
		return math.Log(math.Gamma(a) * math.Gamma(b) / math.Gamma(a+b))
	},
	"poisson":      func(x [4]float64) float64 { return x[0]*math.Log(x[1]) - x[1] },
	"neg_binomial": func(x [4]float64) float64 { return x[1]*math.Log(x[2]) - (x[1]+x[0])*math.Log(1+x[2]) },
	"neg_binomial_2": func(x [4]float64) float64 {
		return -x[2]*math.Log(1+x[1]/x[2]) - x[0]*math.Log(x[1]+x[2])
	},
	"neg_binomial_2_log": func(x [4]float64) float64 {
		mu := math.Exp(x[1])
		return -x[2]*math.Log(1+mu/x[2]) - x[0]*math.Log(mu+x[2])
	},
}

// TestBreadthDroppedTerms checks the droppable summands of breadthDists:
// each depends only on the arguments its deps name (moving any other
// argument leaves it unchanged), and the density minus all of them is the
// family's kernel of breadthKernels.
func TestBreadthDroppedTerms(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for name, row := range breadthDists() {
		if row.custom != nil {
			continue
		}
		t.Run(name, func(t *testing.T) {
			kernel, ok := breadthKernels[name]
			if !ok {
				t.Fatalf("no kernel for %s in breadthKernels", name)
			}
			c := fdCases[row.op]
			f := row.op.Info().Scalar
			for point := 0; point < 5; point++ {
				var x [MaxArgs]float64
				for i, d := range c.args {
					x[i] = d.draw(rng)
				}
				if row.op == OpUniformLpdf {
					x[1], x[2] = -x[1], x[2]+1 // as its fdCase builds them
				}
				rest := f(x[0], x[1], x[2], x[3], 0)
				for ti, term := range row.terms {
					v := term.f(&x)
					rest -= v
					for i, d := range c.args {
						if term.deps&(1<<i) != 0 || d.discrete() {
							continue
						}
						y := x
						y[i] += 0.01
						if w := term.f(&y); w != v {
							t.Errorf("term %d changes with argument %d (%v -> %v) but deps is %b", ti, i, v, w, term.deps)
						}
					}
				}
				if want := kernel(x); math.Abs(rest-want) > 1e-10*math.Max(1, math.Abs(want)) {
					t.Errorf("at %v: lpdf minus the dropped terms = %.15g, kernel %.15g", x, rest, want)
				}
			}
		})
	}
}
