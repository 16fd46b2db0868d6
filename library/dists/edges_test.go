package dists

import (
	"math"
	"testing"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// TestDensityEdges: Stan's conventions at the edges of the support: out of
// support outcomes give -Inf, invalid parameters NaN, and nothing panics.
func TestDensityEdges(t *testing.T) {
	inf := math.Inf(-1)
	tests := []struct {
		name      string
		got, want float64
	}{
		{"lognormal(0 | 0, 1)", Lognormal.Lpdf.At(0, 0, 1), inf},
		{"exponential(-1 | 1)", Exponential.Lpdf.At(-1, 1), inf},
		{"beta(1.5 | 2, 2)", Beta.Lpdf.At(1.5, 2, 2), inf},
		{"normal(0 | 0, -1)", Normal.Lpdf.At(0, 0, -1), math.NaN()},
		{"poisson_log(0 | -Inf)", PoissonLog.Lpdf.At(0, inf), 0},
		{"bernoulli_logit(1 | -800)", BernoulliLogit.Lpdf.At(1, -800), -800},
		{"poisson(0 | 0)", Poisson.Lpdf.At(0, 0), 0},
		{"binomial(0 | 5, 0)", Binomial.Lpdf.At(0, 5, 0), 0},
		{"binomial(5 | 5, 1)", Binomial.Lpdf.At(5, 5, 1), 0},
		{"binomial(6 | 5, 0.5)", Binomial.Lpdf.At(6, 5, 0.5), inf},
		{"bernoulli(1 | 1)", Bernoulli.Lpdf.At(1, 1), 0},
		{"neg_binomial_2(0 | 0, 2)", NegBinomial2.Lpdf.At(0, 0, 2), 0},
		{"inv_gamma(-1 | 2, 2)", InvGamma.Lpdf.At(-1, 2, 2), inf},
		{"weibull(-1 | 2, 2)", Weibull.Lpdf.At(-1, 2, 2), inf},
		{"chi_square(-1 | 3)", ChiSquare.Lpdf.At(-1, 3), inf},
		{"uniform(2.5 | -0.2, 1.7)", Uniform.Lpdf.At(2.5, -0.2, 1.7), inf},
		// η = 800: exp(η) overflows, the log1p_exp form does not
		{"neg_binomial_2_log(3 | 800, 2) is finite", library.Indicator(librarytest.IsFinite(NegBinomial2Log.Lpdf.At(3, 800, 2))), 1},
	}
	for _, tc := range tests {
		if !(tc.got == tc.want || math.IsNaN(tc.got) && math.IsNaN(tc.want)) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}
