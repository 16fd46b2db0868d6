package dists

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

var (
	gammaFn = math.Gamma
	// nbPmf is NegBinomial(α, β): Γ(n+α)/(Γ(α) n!) (β/(1+β))^α (1+β)^-n,
	// in math.Gamma, exact to a few ulps at the small arguments drawn.
	nbPmf = func(n, a, b float64) float64 {
		return math.Log(gammaFn(n+a) / (gammaFn(a) * gammaFn(n+1)) * math.Pow(b/(1+b), a) * math.Pow(1+b, -n))
	}
	zero = func([library.MaxArgs]float64) float64 { return 0 }
	ind  = library.Indicator
)

var references = map[string]librarytest.Reference{
	"normal": {Params: []float64{1, 2}, Src: "distuv.Normal",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return distuv.Normal{Mu: x[1], Sigma: x[2]}.LogProb(x[0]) },
		Kept: func(x [library.MaxArgs]float64) float64 { z := (x[0] - x[1]) / x[2]; return -z * z / 2 }},
	"std_normal": {Params: []float64{}, Src: "distuv.UnitNormal",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return distuv.UnitNormal.LogProb(x[0]) },
		Kept: func(x [library.MaxArgs]float64) float64 { return -x[0] * x[0] / 2 }},
	"cauchy": {Params: []float64{1, 2}, Src: "distuv.StudentsT with ν = 1",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			return distuv.StudentsT{Mu: x[1], Sigma: x[2], Nu: 1}.LogProb(x[0])
		},
		Kept: func(x [library.MaxArgs]float64) float64 { z := (x[0] - x[1]) / x[2]; return -math.Log(1 + z*z) }},
	"student_t": {Params: []float64{7, 1, 2}, Src: "distuv.StudentsT",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			return distuv.StudentsT{Nu: x[1], Mu: x[2], Sigma: x[3]}.LogProb(x[0])
		},
		Kept: func(x [library.MaxArgs]float64) float64 {
			z := (x[0] - x[2]) / x[3]
			return -(x[1] + 1) / 2 * math.Log(1+z*z/x[1])
		}},
	"lognormal": {Params: []float64{0.5, 0.4}, Src: "distuv.LogNormal",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return distuv.LogNormal{Mu: x[1], Sigma: x[2]}.LogProb(x[0]) },
		Kept: func(x [library.MaxArgs]float64) float64 { z := (math.Log(x[0]) - x[1]) / x[2]; return -z * z / 2 }},
	"exponential": {Params: []float64{2}, Src: "distuv.Exponential",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return distuv.Exponential{Rate: x[1]}.LogProb(x[0]) },
		Kept: func(x [library.MaxArgs]float64) float64 { return -x[1] * x[0] }},
	"gamma": {Params: []float64{3, 2}, Src: "distuv.Gamma",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return distuv.Gamma{Alpha: x[1], Beta: x[2]}.LogProb(x[0]) },
		Kept: func(x [library.MaxArgs]float64) float64 { return -x[2] * x[0] }},
	"beta": {Params: []float64{2, 3}, Src: "distuv.Beta",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return distuv.Beta{Alpha: x[1], Beta: x[2]}.LogProb(x[0]) },
		Kept: zero},
	"double_exponential": {Params: []float64{1, 2}, Src: "distuv.Laplace",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return distuv.Laplace{Mu: x[1], Scale: x[2]}.LogProb(x[0]) },
		Kept: func(x [library.MaxArgs]float64) float64 { return -math.Abs(x[0]-x[1]) / x[2] }},
	// exp(-z) / (σ (1 + exp(-z))²) (Functions Reference, "Logistic
	// distribution"); distuv.Logistic.LogProb ignores Mu and S in v0.17.0.
	"logistic": {Params: []float64{1, 2}, Src: "closed form",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			e := math.Exp(-(x[0] - x[1]) / x[2])
			return math.Log(e / (x[2] * (1 + e) * (1 + e)))
		},
		Kept: func(x [library.MaxArgs]float64) float64 {
			z := (x[0] - x[1]) / x[2]
			return -z - 2*math.Log1p(math.Exp(-z))
		}},
	"gumbel": {Params: []float64{1, 2}, Src: "distuv.GumbelRight",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			return distuv.GumbelRight{Mu: x[1], Beta: x[2]}.LogProb(x[0])
		},
		Kept: func(x [library.MaxArgs]float64) float64 { z := (x[0] - x[1]) / x[2]; return -z - math.Exp(-z) }},
	"inv_gamma": {Params: []float64{7, 3}, Src: "distuv.InverseGamma",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			return distuv.InverseGamma{Alpha: x[1], Beta: x[2]}.LogProb(x[0])
		},
		Kept: zero},
	"weibull": {Params: []float64{2, 3}, Src: "distuv.Weibull",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return distuv.Weibull{K: x[1], Lambda: x[2]}.LogProb(x[0]) },
		Kept: func(x [library.MaxArgs]float64) float64 { return -math.Pow(x[0]/x[2], x[1]) }},
	"chi_square": {Params: []float64{5}, Src: "distuv.ChiSquared",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return distuv.ChiSquared{K: x[1]}.LogProb(x[0]) },
		Kept: zero},
	// Inv-χ²(ν) = InvGamma(ν/2, 1/2); Scaled-Inv-χ²(ν, s) = InvGamma(ν/2, ν s²/2)
	// (Gelman et al., "Bayesian Data Analysis", 3rd ed., Appendix A)
	"inv_chi_square": {Params: []float64{9}, Src: "distuv.InverseGamma",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			return distuv.InverseGamma{Alpha: x[1] / 2, Beta: 0.5}.LogProb(x[0])
		},
		Kept: zero},
	"scaled_inv_chi_square": {Params: []float64{9, 2}, Src: "distuv.InverseGamma",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			return distuv.InverseGamma{Alpha: x[1] / 2, Beta: x[1] * x[2] * x[2] / 2}.LogProb(x[0])
		},
		Kept: func(x [library.MaxArgs]float64) float64 { return -x[1] * x[2] * x[2] / (2 * x[0]) }},
	"uniform": {Params: []float64{-1, 3}, Src: "distuv.Uniform",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return distuv.Uniform{Min: x[1], Max: x[2]}.LogProb(x[0]) },
		Kept: zero},

	"bernoulli": {Params: []float64{0.3}, Src: "distuv.Bernoulli",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return distuv.Bernoulli{P: x[1]}.LogProb(x[0]) },
		Kept: func(x [library.MaxArgs]float64) float64 { return x[0]*math.Log(x[1]) + (1-x[0])*math.Log(1-x[1]) }},
	"bernoulli_logit": {Params: []float64{-0.5}, Src: "distuv.Bernoulli with p = 1/(1+exp(-α))",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			return distuv.Bernoulli{P: 1 / (1 + math.Exp(-x[1]))}.LogProb(x[0])
		},
		Kept: func(x [library.MaxArgs]float64) float64 { return x[0]*x[1] - math.Log(1+math.Exp(x[1])) }},
	"binomial": {Params: []float64{20, 0.3}, Src: "distuv.Binomial",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return distuv.Binomial{N: x[1], P: x[2]}.LogProb(x[0]) },
		Kept: func(x [library.MaxArgs]float64) float64 { return x[0]*math.Log(x[2]) + (x[1]-x[0])*math.Log(1-x[2]) }},
	"binomial_logit": {Params: []float64{20, 0.4}, Src: "distuv.Binomial with p = 1/(1+exp(-α))",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			return distuv.Binomial{N: x[1], P: 1 / (1 + math.Exp(-x[2]))}.LogProb(x[0])
		},
		Kept: func(x [library.MaxArgs]float64) float64 {
			p := 1 / (1 + math.Exp(-x[2]))
			return x[0]*math.Log(p) + (x[1]-x[0])*math.Log(1-p)
		}},
	// C(N, n) B(n+α, N-n+β) / B(α, β)
	"beta_binomial": {Params: []float64{20, 2, 3}, Src: "closed form",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			n, N, a, b := x[0], x[1], x[2], x[3]
			beta := func(a, b float64) float64 { return gammaFn(a) * gammaFn(b) / gammaFn(a+b) }
			return math.Log(gammaFn(N+1) / (gammaFn(n+1) * gammaFn(N-n+1)) * beta(n+a, N-n+b) / beta(a, b))
		},
		Kept: func(x [library.MaxArgs]float64) float64 {
			a, b := x[0]+x[2], x[1]-x[0]+x[3]
			return math.Log(gammaFn(a) * gammaFn(b) / gammaFn(a+b))
		}},
	// Γ(n+r)/(n! Γ(r)) B(n+β, r+α)/B(α, β) (Functions Reference), α = 8
	// so that the variance exists and the pmf's tail beyond 2000 is
	// negligible
	"beta_neg_binomial": {Params: []float64{3, 8, 2}, Src: "closed form",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			n, r, a, b := x[0], x[1], x[2], x[3]
			beta := func(a, b float64) float64 { return gammaFn(a) * gammaFn(b) / gammaFn(a+b) }
			return math.Log(gammaFn(n+r) / (gammaFn(n+1) * gammaFn(r)) * beta(n+b, r+a) / beta(a, b))
		},
		Kept: func(x [library.MaxArgs]float64) float64 {
			n, r, a, b := x[0], x[1], x[2], x[3]
			return math.Log(gammaFn(n+r) / gammaFn(r) * gammaFn(n+b) * gammaFn(r+a) * gammaFn(a+b) /
				(gammaFn(n+r+a+b) * gammaFn(a) * gammaFn(b)))
		}},
	"poisson": {Params: []float64{4.5}, Src: "distuv.Poisson",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return distuv.Poisson{Lambda: x[1]}.LogProb(x[0]) },
		Kept: func(x [library.MaxArgs]float64) float64 { return x[0]*math.Log(x[1]) - x[1] }},
	"poisson_log": {Params: []float64{1.2}, Src: "distuv.Poisson with λ = exp(α)",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return distuv.Poisson{Lambda: math.Exp(x[1])}.LogProb(x[0]) },
		Kept: func(x [library.MaxArgs]float64) float64 { return x[0]*x[1] - math.Exp(x[1]) }},
	"neg_binomial": {Params: []float64{3, 0.5}, Src: "closed form",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return nbPmf(x[0], x[1], x[2]) },
		Kept: func(x [library.MaxArgs]float64) float64 { return x[1]*math.Log(x[2]) - (x[1]+x[0])*math.Log(1+x[2]) }},
	// NegBinomial2(μ, φ) = NegBinomial(φ, φ/μ) (Functions Reference,
	// "Negative binomial distribution (alternative parameterization)")
	"neg_binomial_2": {Params: []float64{4, 2}, Src: "closed form",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return nbPmf(x[0], x[2], x[2]/x[1]) },
		Kept: func(x [library.MaxArgs]float64) float64 {
			return -x[2]*math.Log(1+x[1]/x[2]) - x[0]*math.Log(x[1]+x[2])
		}},
	"neg_binomial_2_log": {Params: []float64{1.5, 3}, Src: "closed form",
		Lpdf: func(x [library.MaxArgs]float64) float64 { return nbPmf(x[0], x[2], x[2]/math.Exp(x[1])) },
		Kept: func(x [library.MaxArgs]float64) float64 {
			mu := math.Exp(x[1])
			return -x[2]*math.Log(1+mu/x[2]) - x[0]*math.Log(mu+x[2])
		}},
	// 2/ω φ(z) Φ(α z) (Azzalini 1985), with gonum's standard normal
	"skew_normal": {Params: []float64{1, 2, 3}, Src: "2/ω φ(z) Φ(αz), distuv.UnitNormal",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			z := (x[0] - x[1]) / x[2]
			return math.Log(2 / x[2] * distuv.UnitNormal.Prob(z) * distuv.UnitNormal.CDF(x[3]*z))
		},
		Kept: func(x [library.MaxArgs]float64) float64 {
			z := (x[0] - x[1]) / x[2]
			return -z*z/2 + math.Log(2*distuv.UnitNormal.CDF(x[3]*z))
		}},
	// Fréchet (Functions Reference): α/σ (y/σ)^(-1-α) exp(-(y/σ)^-α)
	"frechet": {Params: []float64{10, 2}, Src: "closed form",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			y, a, s := x[0], x[1], x[2]
			return math.Log(a / s * math.Pow(y/s, -1-a) * math.Exp(-math.Pow(y/s, -a)))
		},
		Kept: func(x [library.MaxArgs]float64) float64 { return -math.Pow(x[0]/x[2], -x[1]) }},
	// Rayleigh (Functions Reference): y/σ² exp(-y²/(2σ²))
	"rayleigh": {Params: []float64{2}, Src: "closed form",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			y, s := x[0], x[1]
			return math.Log(y / (s * s) * math.Exp(-y*y/(2*s*s)))
		},
		Kept: func(x [library.MaxArgs]float64) float64 { return -x[0] * x[0] / (2 * x[1] * x[1]) }},
	// Pareto (Functions Reference): α y_min^α / y^(α+1), y >= y_min
	"pareto": {Params: []float64{1.5, 10}, Src: "closed form",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			y, m, a := x[0], x[1], x[2]
			if y < m {
				return math.Inf(-1)
			}
			return math.Log(a * math.Pow(m, a) / math.Pow(y, a+1))
		},
		Kept: zero},
	// Pareto type 2 (Functions Reference): α/λ (1 + (y-μ)/λ)^-(α+1), y >= μ
	"pareto_type_2": {Params: []float64{0.5, 2, 10}, Src: "closed form",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			y, mu, l, a := x[0], x[1], x[2], x[3]
			if y < mu {
				return math.Inf(-1)
			}
			return math.Log(a / l * math.Pow(1+(y-mu)/l, -(a+1)))
		},
		Kept: zero},
	// log-logistic (Functions Reference): (β/α)(y/α)^(β-1) / (1 + (y/α)^β)²
	"loglogistic": {Params: []float64{2, 8}, Src: "closed form",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			y, a, b := x[0], x[1], x[2]
			p := math.Pow(y/a, b)
			return math.Log(b / a * math.Pow(y/a, b-1) / ((1 + p) * (1 + p)))
		},
		Kept: func(x [library.MaxArgs]float64) float64 {
			return (x[2]-1)*math.Log(x[0]) - 2*math.Log(1+math.Pow(x[0]/x[1], x[2]))
		}},
	// skew double exponential (Functions Reference):
	// 2τ(1-τ)/σ exp(-2/σ [(1-τ) I(y<μ)(μ-y) + τ I(y>μ)(y-μ)])
	"skew_double_exponential": {Params: []float64{1, 2, 0.3}, Src: "closed form",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			y, mu, s, tau := x[0], x[1], x[2], x[3]
			return math.Log(2 * tau * (1 - tau) / s * math.Exp(-2/s*((1-tau)*ind(y < mu)*(mu-y)+tau*ind(y > mu)*(y-mu))))
		},
		Kept: func(x [library.MaxArgs]float64) float64 {
			y, mu, s, tau := x[0], x[1], x[2], x[3]
			return -2 / s * ((1-tau)*ind(y < mu)*(mu-y) + tau*ind(y > mu)*(y-mu))
		}},
	// exp_mod_normal (Functions Reference):
	// λ/2 exp(λ/2 (2μ + λσ² - 2y)) erfc((μ + λσ² - y)/(√2 σ)), with math.Erfc
	"exp_mod_normal": {Params: []float64{1, 0.5, 2}, Src: "closed form, math.Erfc",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			y, mu, s, l := x[0], x[1], x[2], x[3]
			return math.Log(l / 2 * math.Exp(l/2*(2*mu+l*s*s-2*y)) * math.Erfc((mu+l*s*s-y)/(math.Sqrt2*s)))
		},
		Kept: func(x [library.MaxArgs]float64) float64 {
			y, mu, s, l := x[0], x[1], x[2], x[3]
			return l*(mu-y+0.5*l*s*s) + math.Log(math.Erfc((mu+l*s*s-y)/(math.Sqrt2*s)))
		}},
	// beta_proportion(μ, κ) = beta(μκ, (1-μ)κ) (Functions Reference)
	"beta_proportion": {Params: []float64{0.3, 8}, Src: "distuv.Beta",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			return distuv.Beta{Alpha: x[1] * x[2], Beta: (1 - x[1]) * x[2]}.LogProb(x[0])
		},
		Kept: func(x [library.MaxArgs]float64) float64 {
			a, b := x[1]*x[2], (1-x[1])*x[2]
			return (a-1)*math.Log(x[0]) + (b-1)*math.Log(1-x[0])
		}},
	// exp(κ cos(y-μ)) / (2π I_0(κ)) (Functions Reference), I_0(κ) =
	// 1/π ∫_0^π exp(κ cos t) dt (DLMF 10.32.1) by the trapezoidal rule,
	// exact to rounding for this periodic integrand; μ = 0 for the rng,
	// whose draws lie in [μ - π, μ + π] and the CDF's support in [-π, π]
	// (von_mises_test.go draws at another μ)
	"von_mises": {Params: []float64{0, 2}, Src: "closed form, I_0 by the trapezoidal rule",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			return math.Log(math.Exp(x[2]*math.Cos(x[0]-x[1])) / (2 * math.Pi * besselI0(x[2])))
		},
		Kept: func(x [library.MaxArgs]float64) float64 { return x[2] * math.Cos(x[0]-x[1]) }},
	// 1/(upper - lower + 1) on lower..upper (Functions Reference)
	"discrete_range": {Params: []float64{2, 9}, Src: "closed form",
		Lpdf: func(x [library.MaxArgs]float64) float64 {
			if x[0] < x[1] || x[0] > x[2] {
				return math.Inf(-1)
			}
			return math.Log(1 / (x[2] - x[1] + 1))
		},
		Kept: zero},
}
