package dists

import (
	"math"
	"testing"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// TestDistLogCDFTails: where the CDF itself underflows, log F keeps its
// asymptotic form. Normal: log Φ(z) ~ -z²/2 - log(-z) - log(2π)/2 (the
// Mills ratio, A&S 26.2.12); Cauchy: F(z) ~ 1/(π|z|); Student-t:
// F(t) ~ Γ((ν+1)/2) ν^(ν/2-1) / (√π Γ(ν/2)) |t|^-ν (the density's tail
// integrated); logistic and Laplace: log F(z) = z + O(e^z); Gumbel's upper
// tail: log(1 - F) ~ -z; the incomplete gamma's tails (gamma, poisson),
// exp_mod_normal's exponential upper tail, and loglogistic, Rayleigh and
// Fréchet at y -> 0 or Inf in closed form. Each to relative 1e-3 at z = -400 or +400, and
// the lower tail of the lcdf matching the upper tail of the lccdf where
// the family is symmetric.
func TestDistLogCDFTails(t *testing.T) {
	const z = -400.0
	nu := 3.0
	cases := []struct {
		name      string
		got, want float64
	}{
		{"normal", normalLcdf.At(z, 0, 1), -z*z/2 - math.Log(-z) - library.HalfLog2Pi},
		{"normal upper", normalLccdf.At(-z, 0, 1), -z*z/2 - math.Log(-z) - library.HalfLog2Pi},
		{"cauchy", cauchyLcdf.At(z, 0, 1), -math.Log(math.Pi * -z)},
		{"cauchy upper", cauchyLccdf.At(-z, 0, 1), -math.Log(math.Pi * -z)},
		{"student_t", studentTLcdf.At(z, nu, 0, 1),
			librarytest.Lg((nu+1)/2) + (nu/2-1)*math.Log(nu) - 0.5*math.Log(math.Pi) - librarytest.Lg(nu/2) - nu*math.Log(-z)},
		{"student_t upper", studentTLccdf.At(-z, nu, 0, 1),
			librarytest.Lg((nu+1)/2) + (nu/2-1)*math.Log(nu) - 0.5*math.Log(math.Pi) - librarytest.Lg(nu/2) - nu*math.Log(-z)},
		{"logistic", logisticLcdf.At(z, 0, 1), z},
		{"double_exponential", doubleExponentialLcdf.At(z, 0, 1), z - library.Ln2},
		{"gumbel upper", gumbelLccdf.At(-z, 0, 1), z},
		{"exponential", exponentialLcdf.At(1e-200, 1), math.Log(1e-200)},
		// P(α, x) ~ x^α/Γ(α+1) (DLMF 8.7.1); Q(α, x) ~ x^(α-1) e^-x/Γ(α) (DLMF 8.11.2)
		{"gamma", gammaLcdf.At(1e-200, 2.5, 1), 2.5*math.Log(1e-200) - librarytest.Lg(3.5)},
		{"gamma upper", gammaLccdf.At(-z, 2.5, 1), 1.5*math.Log(-z) + z - librarytest.Lg(2.5)},
		{"poisson upper", poissonLccdf.At(3, 1e-100), 4*math.Log(1e-100) - librarytest.Lg(5)},
		// the exponential's tail: log(1-F) ~ -λ(y-μ) + λ²σ²/2
		{"exp_mod_normal upper", expModNormalLccdf.At(-z, 0, 1, 2), 2*z + 2},
		{"loglogistic", loglogisticLcdf.At(1e-100, 1, 3), 3 * math.Log(1e-100)},
		{"rayleigh", rayleighLcdf.At(1e-100, 1), 2*math.Log(1e-100) - library.Ln2},
		{"frechet upper", frechetLccdf.At(1e100, 3, 1), -3 * math.Log(1e100)},
	}
	for _, c := range cases {
		if math.IsInf(c.got, 0) || math.IsNaN(c.got) || math.Abs(c.got-c.want) > 1e-3*math.Abs(c.want) {
			t.Errorf("%s: %.10g, asymptote %.10g", c.name, c.got, c.want)
		}
	}
}
