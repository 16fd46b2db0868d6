package library

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// reference is one family's row of independent values: its log density
// from another implementation or a closed form (lpdf), where it came from
// (src), the summands that `~` keeps whatever is data (kept: the density
// less every droppable term, written from the Functions Reference), and
// the parameters at which the rng and CDF are checked. x holds the
// arguments of the family's Lpdf: the outcome, the parameters, the filled
// ones. gonum is v0.17.0 (go.mod).
type reference struct {
	params []float64
	lpdf   func(x [MaxArgs]float64) float64
	src    string
	kept   func(x [MaxArgs]float64) float64
}

var (
	gammaFn = math.Gamma
	// nbPmf is NegBinomial(α, β): Γ(n+α)/(Γ(α) n!) (β/(1+β))^α (1+β)^-n,
	// in math.Gamma, exact to a few ulps at the small arguments drawn.
	nbPmf = func(n, a, b float64) float64 {
		return math.Log(gammaFn(n+a) / (gammaFn(a) * gammaFn(n+1)) * math.Pow(b/(1+b), a) * math.Pow(1+b, -n))
	}
	zero = func([MaxArgs]float64) float64 { return 0 }
)

var references = map[string]reference{
	"normal": {params: []float64{1, 2}, src: "distuv.Normal",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.Normal{Mu: x[1], Sigma: x[2]}.LogProb(x[0]) },
		kept: func(x [MaxArgs]float64) float64 { z := (x[0] - x[1]) / x[2]; return -z * z / 2 }},
	"std_normal": {params: []float64{}, src: "distuv.UnitNormal",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.UnitNormal.LogProb(x[0]) },
		kept: func(x [MaxArgs]float64) float64 { return -x[0] * x[0] / 2 }},
	"cauchy": {params: []float64{1, 2}, src: "distuv.StudentsT with ν = 1",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.StudentsT{Mu: x[1], Sigma: x[2], Nu: 1}.LogProb(x[0]) },
		kept: func(x [MaxArgs]float64) float64 { z := (x[0] - x[1]) / x[2]; return -math.Log(1 + z*z) }},
	"student_t": {params: []float64{7, 1, 2}, src: "distuv.StudentsT",
		lpdf: func(x [MaxArgs]float64) float64 {
			return distuv.StudentsT{Nu: x[1], Mu: x[2], Sigma: x[3]}.LogProb(x[0])
		},
		kept: func(x [MaxArgs]float64) float64 {
			z := (x[0] - x[2]) / x[3]
			return -(x[1] + 1) / 2 * math.Log(1+z*z/x[1])
		}},
	"lognormal": {params: []float64{0.5, 0.4}, src: "distuv.LogNormal",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.LogNormal{Mu: x[1], Sigma: x[2]}.LogProb(x[0]) },
		kept: func(x [MaxArgs]float64) float64 { z := (math.Log(x[0]) - x[1]) / x[2]; return -z * z / 2 }},
	"exponential": {params: []float64{2}, src: "distuv.Exponential",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.Exponential{Rate: x[1]}.LogProb(x[0]) },
		kept: func(x [MaxArgs]float64) float64 { return -x[1] * x[0] }},
	"gamma": {params: []float64{3, 2}, src: "distuv.Gamma",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.Gamma{Alpha: x[1], Beta: x[2]}.LogProb(x[0]) },
		kept: func(x [MaxArgs]float64) float64 { return -x[2] * x[0] }},
	"beta": {params: []float64{2, 3}, src: "distuv.Beta",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.Beta{Alpha: x[1], Beta: x[2]}.LogProb(x[0]) },
		kept: zero},
	"double_exponential": {params: []float64{1, 2}, src: "distuv.Laplace",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.Laplace{Mu: x[1], Scale: x[2]}.LogProb(x[0]) },
		kept: func(x [MaxArgs]float64) float64 { return -math.Abs(x[0]-x[1]) / x[2] }},
	// exp(-z) / (σ (1 + exp(-z))²) (Functions Reference, "Logistic
	// distribution"); distuv.Logistic.LogProb ignores Mu and S in v0.17.0.
	"logistic": {params: []float64{1, 2}, src: "closed form",
		lpdf: func(x [MaxArgs]float64) float64 {
			e := math.Exp(-(x[0] - x[1]) / x[2])
			return math.Log(e / (x[2] * (1 + e) * (1 + e)))
		},
		kept: func(x [MaxArgs]float64) float64 {
			z := (x[0] - x[1]) / x[2]
			return -z - 2*math.Log1p(math.Exp(-z))
		}},
	"gumbel": {params: []float64{1, 2}, src: "distuv.GumbelRight",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.GumbelRight{Mu: x[1], Beta: x[2]}.LogProb(x[0]) },
		kept: func(x [MaxArgs]float64) float64 { z := (x[0] - x[1]) / x[2]; return -z - math.Exp(-z) }},
	"inv_gamma": {params: []float64{7, 3}, src: "distuv.InverseGamma",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.InverseGamma{Alpha: x[1], Beta: x[2]}.LogProb(x[0]) },
		kept: zero},
	"weibull": {params: []float64{2, 3}, src: "distuv.Weibull",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.Weibull{K: x[1], Lambda: x[2]}.LogProb(x[0]) },
		kept: func(x [MaxArgs]float64) float64 { return -math.Pow(x[0]/x[2], x[1]) }},
	"chi_square": {params: []float64{5}, src: "distuv.ChiSquared",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.ChiSquared{K: x[1]}.LogProb(x[0]) },
		kept: zero},
	// Inv-χ²(ν) = InvGamma(ν/2, 1/2); Scaled-Inv-χ²(ν, s) = InvGamma(ν/2, ν s²/2)
	// (Gelman et al., "Bayesian Data Analysis", 3rd ed., Appendix A)
	"inv_chi_square": {params: []float64{9}, src: "distuv.InverseGamma",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.InverseGamma{Alpha: x[1] / 2, Beta: 0.5}.LogProb(x[0]) },
		kept: zero},
	"scaled_inv_chi_square": {params: []float64{9, 2}, src: "distuv.InverseGamma",
		lpdf: func(x [MaxArgs]float64) float64 {
			return distuv.InverseGamma{Alpha: x[1] / 2, Beta: x[1] * x[2] * x[2] / 2}.LogProb(x[0])
		},
		kept: func(x [MaxArgs]float64) float64 { return -x[1] * x[2] * x[2] / (2 * x[0]) }},
	"uniform": {params: []float64{-1, 3}, src: "distuv.Uniform",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.Uniform{Min: x[1], Max: x[2]}.LogProb(x[0]) },
		kept: zero},

	"bernoulli": {params: []float64{0.3}, src: "distuv.Bernoulli",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.Bernoulli{P: x[1]}.LogProb(x[0]) },
		kept: func(x [MaxArgs]float64) float64 { return x[0]*math.Log(x[1]) + (1-x[0])*math.Log(1-x[1]) }},
	"bernoulli_logit": {params: []float64{-0.5}, src: "distuv.Bernoulli with p = 1/(1+exp(-α))",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.Bernoulli{P: 1 / (1 + math.Exp(-x[1]))}.LogProb(x[0]) },
		kept: func(x [MaxArgs]float64) float64 { return x[0]*x[1] - math.Log(1+math.Exp(x[1])) }},
	"binomial": {params: []float64{20, 0.3}, src: "distuv.Binomial",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.Binomial{N: x[1], P: x[2]}.LogProb(x[0]) },
		kept: func(x [MaxArgs]float64) float64 { return x[0]*math.Log(x[2]) + (x[1]-x[0])*math.Log(1-x[2]) }},
	"binomial_logit": {params: []float64{20, 0.4}, src: "distuv.Binomial with p = 1/(1+exp(-α))",
		lpdf: func(x [MaxArgs]float64) float64 {
			return distuv.Binomial{N: x[1], P: 1 / (1 + math.Exp(-x[2]))}.LogProb(x[0])
		},
		kept: func(x [MaxArgs]float64) float64 {
			p := 1 / (1 + math.Exp(-x[2]))
			return x[0]*math.Log(p) + (x[1]-x[0])*math.Log(1-p)
		}},
	// C(N, n) B(n+α, N-n+β) / B(α, β)
	"beta_binomial": {params: []float64{20, 2, 3}, src: "closed form",
		lpdf: func(x [MaxArgs]float64) float64 {
			n, N, a, b := x[0], x[1], x[2], x[3]
			beta := func(a, b float64) float64 { return gammaFn(a) * gammaFn(b) / gammaFn(a+b) }
			return math.Log(gammaFn(N+1) / (gammaFn(n+1) * gammaFn(N-n+1)) * beta(n+a, N-n+b) / beta(a, b))
		},
		kept: func(x [MaxArgs]float64) float64 {
			a, b := x[0]+x[2], x[1]-x[0]+x[3]
			return math.Log(gammaFn(a) * gammaFn(b) / gammaFn(a+b))
		}},
	"poisson": {params: []float64{4.5}, src: "distuv.Poisson",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.Poisson{Lambda: x[1]}.LogProb(x[0]) },
		kept: func(x [MaxArgs]float64) float64 { return x[0]*math.Log(x[1]) - x[1] }},
	"poisson_log": {params: []float64{1.2}, src: "distuv.Poisson with λ = exp(α)",
		lpdf: func(x [MaxArgs]float64) float64 { return distuv.Poisson{Lambda: math.Exp(x[1])}.LogProb(x[0]) },
		kept: func(x [MaxArgs]float64) float64 { return x[0]*x[1] - math.Exp(x[1]) }},
	"neg_binomial": {params: []float64{3, 0.5}, src: "closed form",
		lpdf: func(x [MaxArgs]float64) float64 { return nbPmf(x[0], x[1], x[2]) },
		kept: func(x [MaxArgs]float64) float64 { return x[1]*math.Log(x[2]) - (x[1]+x[0])*math.Log(1+x[2]) }},
	// NegBinomial2(μ, φ) = NegBinomial(φ, φ/μ) (Functions Reference,
	// "Negative binomial distribution (alternative parameterization)")
	"neg_binomial_2": {params: []float64{4, 2}, src: "closed form",
		lpdf: func(x [MaxArgs]float64) float64 { return nbPmf(x[0], x[2], x[2]/x[1]) },
		kept: func(x [MaxArgs]float64) float64 { return -x[2]*math.Log(1+x[1]/x[2]) - x[0]*math.Log(x[1]+x[2]) }},
	"neg_binomial_2_log": {params: []float64{1.5, 3}, src: "closed form",
		lpdf: func(x [MaxArgs]float64) float64 { return nbPmf(x[0], x[2], x[2]/math.Exp(x[1])) },
		kept: func(x [MaxArgs]float64) float64 {
			mu := math.Exp(x[1])
			return -x[2]*math.Log(1+mu/x[2]) - x[0]*math.Log(mu+x[2])
		}},
	// 2/ω φ(z) Φ(α z) (Azzalini 1985), with gonum's standard normal
	"skew_normal": {params: []float64{1, 2, 3}, src: "2/ω φ(z) Φ(αz), distuv.UnitNormal",
		lpdf: func(x [MaxArgs]float64) float64 {
			z := (x[0] - x[1]) / x[2]
			return math.Log(2 / x[2] * distuv.UnitNormal.Prob(z) * distuv.UnitNormal.CDF(x[3]*z))
		},
		kept: func(x [MaxArgs]float64) float64 {
			z := (x[0] - x[1]) / x[2]
			return -z*z/2 + math.Log(2*distuv.UnitNormal.CDF(x[3]*z))
		}},
}
