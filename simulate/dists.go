package simulate

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/lang"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// This file is the one table of distributions: for each family of
// lang/builtins.go, one row with its random number generator (what _rng and
// prior predictive sampling draw with), its log density, and where they exist
// its CDF, quantile (for truncation by inverse CDF) and moments (checked by
// the statistical tests). Parameterisations follow the Stan Functions
// Reference (2.36), part "Continuous distributions" and "Discrete
// distributions". gonum's distuv draws where it has the family; gonum
// v0.17 takes a math/rand/v2 Source and *rand.Rand is one, so every draw
// comes from the caller's stream with no adapter. The multivariate rows are
// in mvdists.go (gonum's distmv is not used: it imports golang.org/x/tools,
// which go.mod does not list; dirichlet and multi_normal are a few lines).

// domain is the set a distribution's parameter must lie in; _rng and ~
// report an argument outside it, as Stan's argument checks do.
type domain uint8

const (
	anyReal  domain = iota // any value but NaN
	finite                 // finite
	positive               // > 0 and finite
	nonNeg                 // >= 0 (ints: trials)
	prob                   // in [0, 1]
)

func (d domain) ok(x float64) bool {
	switch d {
	case finite:
		return !math.IsInf(x, 0) && !math.IsNaN(x)
	case positive:
		return x > 0 && !math.IsInf(x, 0)
	case nonNeg:
		return x >= 0 && !math.IsInf(x, 0)
	case prob:
		return x >= 0 && x <= 1
	}
	return !math.IsNaN(x)
}

var domainText = [...]string{anyReal: "not NaN", finite: "finite", positive: "positive and finite", nonNeg: "non-negative", prob: "in [0, 1]"}

// family is one row of the table. Univariate families set rng (or rate) and lpdf
// (scalar parameters; vectorisation is done once, in vectorised); the
// multivariate ones set mvRng and mvLpdf over whole values.
type family struct {
	name   string
	params []domain

	rng      func(r *rand.Rand, p []float64) float64
	lpdf     func(x float64, p []float64) float64
	cdf      func(x float64, p []float64) float64 // nil: none
	quantile func(u float64, p []float64) float64 // nil: truncation by rejection
	moments  func(p []float64) (mean, variance float64)

	// rate, for a count drawn as Poisson(rate) (poisson, poisson_log, and
	// the negative binomials as gamma-Poisson mixtures), gives the rate:
	// the argument, or a gamma draw. It errs, as Stan Math does, when the
	// rate is not below poissonMaxRate, whose draws would not fit in an
	// int. Such a row has no rng.
	rate func(r *rand.Rand, p []float64) (float64, error)

	mvRng  func(r *rand.Rand, args []*Value) (*Value, error)
	mvLpdf func(x *Value, args []*Value) (float64, error)

	dist *lang.Dist // set from lang's table by name
}

// multivariate reports whether the family draws whole values.
func (f *family) multivariate() bool { return f.mvRng != nil }

// families maps each lang distribution to its row.
var families = func() map[*lang.Dist]*family {
	m := map[*lang.Dist]*family{}
	for _, f := range familyRows {
		d := lang.LookupDist(f.name)
		if d == nil {
			panic("simulate: distribution row " + f.name + " is not in lang's table") // caught by TestTables
		}
		f.dist = d
		m[d] = f
	}
	return m
}()

// Shorthands for rows backed by gonum.
func normal(p []float64, r *rand.Rand) distuv.Normal {
	return distuv.Normal{Mu: p[0], Sigma: p[1], Src: src(r)}
}

// src is r as a gonum source; a nil *rand.Rand gives a nil interface, which
// gonum replaces by its global source (only CDFs and densities pass nil).
func src(r *rand.Rand) rand.Source {
	if r == nil {
		return nil
	}
	return r
}

func invLogit(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

func lchoose(n, k float64) float64 { return lgamma(n+1) - lgamma(k+1) - lgamma(n-k+1) }

// poissonMaxRate is Stan Math's POISSON_MAX_RATE, 2^30
// (stan/math/prim/prob/poisson_rng.hpp): a Poisson draw with a smaller rate
// is below 2^31 - 1, the largest int, but for a chance far below 1e-100.
const poissonMaxRate = 1 << 30

// belowMaxRate is rate, or Stan's error when it is not below poissonMaxRate
// (NaN included): what names the rate in the message.
func belowMaxRate(what string, rate float64) (float64, error) {
	if !(rate < poissonMaxRate) {
		return 0, fmt.Errorf("%s is %g, but must be less than %d (2^30) for the draws to fit in an int", what, rate, poissonMaxRate)
	}
	return rate, nil
}

// gammaRate draws the Poisson rate of a negative binomial, Gamma(shape,
// rate), as a gamma-Poisson mixture (Stan Functions Reference, "Negative
// binomial distribution"; Stan's neg_binomial_rng does the same, and
// checks the gamma draw against POISSON_MAX_RATE).
func gammaRate(r *rand.Rand, shape, rate float64) (float64, error) {
	return belowMaxRate("the Poisson rate drawn from the gamma distribution", distuv.Gamma{Alpha: shape, Beta: rate, Src: r}.Rand())
}

// logPoissonMaxRate is Stan Math's POISSON_MAX_LOG_RATE, 30 log 2: the
// bound poisson_log_rng puts on its log rate.
var logPoissonMaxRate = 30 * math.Ln2

// draw1 is one draw with parameters p: the row's rng, or a Poisson draw at
// the row's rate. An int outcome must fit in a Stan int (32-bit); rate
// keeps the Poisson draws within it, and this check keeps every row so.
func (f *family) draw1(r *rand.Rand, p []float64) (float64, error) {
	var x float64
	if f.rate != nil {
		lambda, err := f.rate(r, p)
		if err != nil {
			return 0, err
		}
		x = distuv.Poisson{Lambda: lambda, Src: r}.Rand()
	} else {
		x = f.rng(r, p)
	}
	if f.dist.Outcome == lang.OutcomeInt && !(x >= minStanInt && x <= maxStanInt) {
		return 0, fmt.Errorf("the draw %g does not fit in an int (32-bit, at most %d)", x, maxStanInt)
	}
	return x, nil
}

// logNegBinomial2 is neg_binomial_2's log pmf at n with mean mu, precision phi.
func logNegBinomial2(n, mu, phi float64) float64 {
	return lgamma(n+phi) - lgamma(n+1) - lgamma(phi) + phi*(math.Log(phi)-math.Log(mu+phi)) + n*(math.Log(mu)-math.Log(mu+phi))
}

var familyRows = []*family{
	{name: "normal", params: []domain{finite, positive},
		rng:      func(r *rand.Rand, p []float64) float64 { return normal(p, r).Rand() },
		lpdf:     func(x float64, p []float64) float64 { return normal(p, nil).LogProb(x) },
		cdf:      func(x float64, p []float64) float64 { return normal(p, nil).CDF(x) },
		quantile: func(u float64, p []float64) float64 { return normal(p, nil).Quantile(u) },
		moments:  func(p []float64) (float64, float64) { return p[0], p[1] * p[1] }},
	{name: "std_normal",
		rng:      func(r *rand.Rand, _ []float64) float64 { return r.NormFloat64() },
		lpdf:     func(x float64, _ []float64) float64 { return distuv.UnitNormal.LogProb(x) },
		cdf:      func(x float64, _ []float64) float64 { return distuv.UnitNormal.CDF(x) },
		quantile: func(u float64, _ []float64) float64 { return distuv.UnitNormal.Quantile(u) },
		moments:  func([]float64) (float64, float64) { return 0, 1 }},
	// Cauchy: inverse CDF, x = mu + sigma tan(pi (u - 1/2)); no moments.
	{name: "cauchy", params: []domain{finite, positive},
		rng: func(r *rand.Rand, p []float64) float64 { return p[0] + p[1]*math.Tan(math.Pi*(r.Float64()-0.5)) },
		lpdf: func(x float64, p []float64) float64 {
			z := (x - p[0]) / p[1]
			return -math.Log(math.Pi) - math.Log(p[1]) - math.Log1p(z*z)
		},
		cdf:      func(x float64, p []float64) float64 { return 0.5 + math.Atan((x-p[0])/p[1])/math.Pi },
		quantile: func(u float64, p []float64) float64 { return p[0] + p[1]*math.Tan(math.Pi*(u-0.5)) }},
	{name: "student_t", params: []domain{positive, finite, positive},
		rng:      func(r *rand.Rand, p []float64) float64 { return studentT(p, r).Rand() },
		lpdf:     func(x float64, p []float64) float64 { return studentT(p, nil).LogProb(x) },
		cdf:      func(x float64, p []float64) float64 { return studentT(p, nil).CDF(x) },
		quantile: func(u float64, p []float64) float64 { return studentT(p, nil).Quantile(u) },
		moments:  func(p []float64) (float64, float64) { return p[1], p[2] * p[2] * p[0] / (p[0] - 2) }},
	{name: "double_exponential", params: []domain{finite, positive},
		rng:      func(r *rand.Rand, p []float64) float64 { return laplace(p, r).Rand() },
		lpdf:     func(x float64, p []float64) float64 { return laplace(p, nil).LogProb(x) },
		cdf:      func(x float64, p []float64) float64 { return laplace(p, nil).CDF(x) },
		quantile: func(u float64, p []float64) float64 { return laplace(p, nil).Quantile(u) },
		moments:  func(p []float64) (float64, float64) { return p[0], 2 * p[1] * p[1] }},
	// distuv.Logistic has no Rand: inverse CDF, x = mu + sigma logit(u).
	{name: "logistic", params: []domain{finite, positive},
		rng:      func(r *rand.Rand, p []float64) float64 { return logistic(p).Quantile(r.Float64()) },
		lpdf:     func(x float64, p []float64) float64 { return logistic(p).LogProb(x) },
		cdf:      func(x float64, p []float64) float64 { return logistic(p).CDF(x) },
		quantile: func(u float64, p []float64) float64 { return logistic(p).Quantile(u) },
		moments:  func(p []float64) (float64, float64) { return p[0], p[1] * p[1] * math.Pi * math.Pi / 3 }},
	{name: "gumbel", params: []domain{finite, positive},
		rng:      func(r *rand.Rand, p []float64) float64 { return gumbel(p, r).Rand() },
		lpdf:     func(x float64, p []float64) float64 { return gumbel(p, nil).LogProb(x) },
		cdf:      func(x float64, p []float64) float64 { return gumbel(p, nil).CDF(x) },
		quantile: func(u float64, p []float64) float64 { return gumbel(p, nil).Quantile(u) },
		moments: func(p []float64) (float64, float64) {
			const eulerGamma = 0.57721566490153286
			return p[0] + p[1]*eulerGamma, math.Pi * math.Pi * p[1] * p[1] / 6
		}},
	{name: "lognormal", params: []domain{finite, positive},
		rng:      func(r *rand.Rand, p []float64) float64 { return lognormal(p, r).Rand() },
		lpdf:     func(x float64, p []float64) float64 { return lognormal(p, nil).LogProb(x) },
		cdf:      func(x float64, p []float64) float64 { return lognormal(p, nil).CDF(x) },
		quantile: func(u float64, p []float64) float64 { return lognormal(p, nil).Quantile(u) },
		moments: func(p []float64) (float64, float64) {
			s2 := p[1] * p[1]
			return math.Exp(p[0] + s2/2), math.Expm1(s2) * math.Exp(2*p[0]+s2)
		}},
	{name: "exponential", params: []domain{positive},
		rng:      func(r *rand.Rand, p []float64) float64 { return distuv.Exponential{Rate: p[0], Src: r}.Rand() },
		lpdf:     func(x float64, p []float64) float64 { return distuv.Exponential{Rate: p[0]}.LogProb(x) },
		cdf:      func(x float64, p []float64) float64 { return distuv.Exponential{Rate: p[0]}.CDF(x) },
		quantile: func(u float64, p []float64) float64 { return distuv.Exponential{Rate: p[0]}.Quantile(u) },
		moments:  func(p []float64) (float64, float64) { return 1 / p[0], 1 / (p[0] * p[0]) }},
	// gamma(alpha, beta): beta is the rate (inverse scale), as distuv.Gamma's Beta.
	{name: "gamma", params: []domain{positive, positive},
		rng:      func(r *rand.Rand, p []float64) float64 { return distuv.Gamma{Alpha: p[0], Beta: p[1], Src: r}.Rand() },
		lpdf:     func(x float64, p []float64) float64 { return distuv.Gamma{Alpha: p[0], Beta: p[1]}.LogProb(x) },
		cdf:      func(x float64, p []float64) float64 { return distuv.Gamma{Alpha: p[0], Beta: p[1]}.CDF(x) },
		quantile: func(u float64, p []float64) float64 { return distuv.Gamma{Alpha: p[0], Beta: p[1]}.Quantile(u) },
		moments:  func(p []float64) (float64, float64) { return p[0] / p[1], p[0] / (p[1] * p[1]) }},
	{name: "inv_gamma", params: []domain{positive, positive},
		rng:      func(r *rand.Rand, p []float64) float64 { return invGamma(p[0], p[1], r).Rand() },
		lpdf:     func(x float64, p []float64) float64 { return invGamma(p[0], p[1], nil).LogProb(x) },
		cdf:      func(x float64, p []float64) float64 { return invGamma(p[0], p[1], nil).CDF(x) },
		quantile: func(u float64, p []float64) float64 { return invGamma(p[0], p[1], nil).Quantile(u) },
		moments: func(p []float64) (float64, float64) {
			a, b := p[0], p[1]
			return b / (a - 1), b * b / ((a - 1) * (a - 1) * (a - 2))
		}},
	{name: "weibull", params: []domain{positive, positive},
		rng:      func(r *rand.Rand, p []float64) float64 { return distuv.Weibull{K: p[0], Lambda: p[1], Src: r}.Rand() },
		lpdf:     func(x float64, p []float64) float64 { return distuv.Weibull{K: p[0], Lambda: p[1]}.LogProb(x) },
		cdf:      func(x float64, p []float64) float64 { return distuv.Weibull{K: p[0], Lambda: p[1]}.CDF(x) },
		quantile: func(u float64, p []float64) float64 { return distuv.Weibull{K: p[0], Lambda: p[1]}.Quantile(u) },
		moments: func(p []float64) (float64, float64) {
			g1, g2 := math.Gamma(1+1/p[0]), math.Gamma(1+2/p[0])
			return p[1] * g1, p[1] * p[1] * (g2 - g1*g1)
		}},
	{name: "chi_square", params: []domain{positive},
		rng:      func(r *rand.Rand, p []float64) float64 { return distuv.ChiSquared{K: p[0], Src: r}.Rand() },
		lpdf:     func(x float64, p []float64) float64 { return distuv.ChiSquared{K: p[0]}.LogProb(x) },
		cdf:      func(x float64, p []float64) float64 { return distuv.ChiSquared{K: p[0]}.CDF(x) },
		quantile: func(u float64, p []float64) float64 { return distuv.ChiSquared{K: p[0]}.Quantile(u) },
		moments:  func(p []float64) (float64, float64) { return p[0], 2 * p[0] }},
	// inv_chi_square(nu) is InvGamma(nu/2, 1/2).
	{name: "inv_chi_square", params: []domain{positive},
		rng:      func(r *rand.Rand, p []float64) float64 { return invGamma(p[0]/2, 0.5, r).Rand() },
		lpdf:     func(x float64, p []float64) float64 { return invGamma(p[0]/2, 0.5, nil).LogProb(x) },
		cdf:      func(x float64, p []float64) float64 { return invGamma(p[0]/2, 0.5, nil).CDF(x) },
		quantile: func(u float64, p []float64) float64 { return invGamma(p[0]/2, 0.5, nil).Quantile(u) },
		moments: func(p []float64) (float64, float64) {
			n := p[0]
			return 1 / (n - 2), 2 / ((n - 2) * (n - 2) * (n - 4))
		}},
	// scaled_inv_chi_square(nu, s) is InvGamma(nu/2, nu s^2 / 2).
	{name: "scaled_inv_chi_square", params: []domain{positive, positive},
		rng:      func(r *rand.Rand, p []float64) float64 { return invGamma(p[0]/2, p[0]*p[1]*p[1]/2, r).Rand() },
		lpdf:     func(x float64, p []float64) float64 { return invGamma(p[0]/2, p[0]*p[1]*p[1]/2, nil).LogProb(x) },
		cdf:      func(x float64, p []float64) float64 { return invGamma(p[0]/2, p[0]*p[1]*p[1]/2, nil).CDF(x) },
		quantile: func(u float64, p []float64) float64 { return invGamma(p[0]/2, p[0]*p[1]*p[1]/2, nil).Quantile(u) },
		moments: func(p []float64) (float64, float64) {
			n, s2 := p[0], p[1]*p[1]
			return n * s2 / (n - 2), 2 * n * n * s2 * s2 / ((n - 2) * (n - 2) * (n - 4))
		}},
	{name: "beta", params: []domain{positive, positive},
		rng:      func(r *rand.Rand, p []float64) float64 { return distuv.Beta{Alpha: p[0], Beta: p[1], Src: r}.Rand() },
		lpdf:     func(x float64, p []float64) float64 { return distuv.Beta{Alpha: p[0], Beta: p[1]}.LogProb(x) },
		cdf:      func(x float64, p []float64) float64 { return distuv.Beta{Alpha: p[0], Beta: p[1]}.CDF(x) },
		quantile: func(u float64, p []float64) float64 { return distuv.Beta{Alpha: p[0], Beta: p[1]}.Quantile(u) },
		moments: func(p []float64) (float64, float64) {
			a, b := p[0], p[1]
			return a / (a + b), a * b / ((a + b) * (a + b) * (a + b + 1))
		}},
	{name: "uniform", params: []domain{finite, finite},
		rng: func(r *rand.Rand, p []float64) float64 { return p[0] + (p[1]-p[0])*r.Float64() },
		lpdf: func(x float64, p []float64) float64 {
			if x < p[0] || x > p[1] {
				return math.Inf(-1)
			}
			return -math.Log(p[1] - p[0])
		},
		cdf:      func(x float64, p []float64) float64 { return math.Min(1, math.Max(0, (x-p[0])/(p[1]-p[0]))) },
		quantile: func(u float64, p []float64) float64 { return p[0] + (p[1]-p[0])*u },
		moments:  func(p []float64) (float64, float64) { return (p[0] + p[1]) / 2, (p[1] - p[0]) * (p[1] - p[0]) / 12 }},

	{name: "bernoulli", params: []domain{prob},
		rng:     func(r *rand.Rand, p []float64) float64 { return b2f(r.Float64() < p[0]) },
		lpdf:    func(x float64, p []float64) float64 { return logBernoulli(x, p[0]) },
		moments: func(p []float64) (float64, float64) { return p[0], p[0] * (1 - p[0]) }},
	{name: "bernoulli_logit", params: []domain{anyReal},
		rng:  func(r *rand.Rand, p []float64) float64 { return b2f(r.Float64() < invLogit(p[0])) },
		lpdf: func(x float64, p []float64) float64 { return logBernoulli(x, invLogit(p[0])) },
		moments: func(p []float64) (float64, float64) {
			q := invLogit(p[0])
			return q, q * (1 - q)
		}},
	{name: "binomial", params: []domain{nonNeg, prob},
		rng:     func(r *rand.Rand, p []float64) float64 { return distuv.Binomial{N: p[0], P: p[1], Src: r}.Rand() },
		lpdf:    func(x float64, p []float64) float64 { return logBinomial(x, p[0], p[1]) },
		moments: func(p []float64) (float64, float64) { return p[0] * p[1], p[0] * p[1] * (1 - p[1]) }},
	{name: "binomial_logit", params: []domain{nonNeg, anyReal},
		rng: func(r *rand.Rand, p []float64) float64 {
			return distuv.Binomial{N: p[0], P: invLogit(p[1]), Src: r}.Rand()
		},
		lpdf: func(x float64, p []float64) float64 { return logBinomial(x, p[0], invLogit(p[1])) },
		moments: func(p []float64) (float64, float64) {
			q := invLogit(p[1])
			return p[0] * q, p[0] * q * (1 - q)
		}},
	// beta_binomial: p ~ Beta(a, b), then Binomial(N, p).
	{name: "beta_binomial", params: []domain{nonNeg, positive, positive},
		rng: func(r *rand.Rand, p []float64) float64 {
			q := distuv.Beta{Alpha: p[1], Beta: p[2], Src: r}.Rand()
			return distuv.Binomial{N: p[0], P: q, Src: r}.Rand()
		},
		lpdf: func(x float64, p []float64) float64 {
			if x < 0 || x > p[0] {
				return math.Inf(-1)
			}
			return lchoose(p[0], x) + mathext.Lbeta(x+p[1], p[0]-x+p[2]) - mathext.Lbeta(p[1], p[2])
		},
		moments: func(p []float64) (float64, float64) {
			n, a, b := p[0], p[1], p[2]
			return n * a / (a + b), n * a * b * (a + b + n) / ((a + b) * (a + b) * (a + b + 1))
		}},
	{name: "poisson", params: []domain{nonNeg},
		rate:    func(_ *rand.Rand, p []float64) (float64, error) { return belowMaxRate("rate", p[0]) },
		lpdf:    func(x float64, p []float64) float64 { return logPoisson(x, p[0]) },
		moments: func(p []float64) (float64, float64) { return p[0], p[0] }},
	{name: "poisson_log", params: []domain{anyReal},
		rate: func(_ *rand.Rand, p []float64) (float64, error) {
			if !(p[0] < logPoissonMaxRate) {
				return 0, fmt.Errorf("log rate is %g, but must be less than %.6g (30 log 2) for the draws to fit in an int", p[0], logPoissonMaxRate)
			}
			return math.Exp(p[0]), nil
		},
		lpdf:    func(x float64, p []float64) float64 { return logPoisson(x, math.Exp(p[0])) },
		moments: func(p []float64) (float64, float64) { return math.Exp(p[0]), math.Exp(p[0]) }},
	// neg_binomial(alpha, beta): Poisson(Gamma(alpha, rate beta)).
	{name: "neg_binomial", params: []domain{positive, positive},
		rate: func(r *rand.Rand, p []float64) (float64, error) { return gammaRate(r, p[0], p[1]) },
		lpdf: func(x float64, p []float64) float64 {
			return logNegBinomial2(x, p[0]/p[1], p[0])
		},
		moments: func(p []float64) (float64, float64) { return p[0] / p[1], p[0] / (p[1] * p[1]) * (p[1] + 1) }},
	// neg_binomial_2(mu, phi): Poisson(Gamma(phi, rate phi / mu)).
	{name: "neg_binomial_2", params: []domain{positive, positive},
		rate:    func(r *rand.Rand, p []float64) (float64, error) { return gammaRate(r, p[1], p[1]/p[0]) },
		lpdf:    func(x float64, p []float64) float64 { return logNegBinomial2(x, p[0], p[1]) },
		moments: func(p []float64) (float64, float64) { return p[0], p[0] + p[0]*p[0]/p[1] }},
	{name: "neg_binomial_2_log", params: []domain{finite, positive},
		rate: func(r *rand.Rand, p []float64) (float64, error) { return gammaRate(r, p[1], p[1]/math.Exp(p[0])) },
		lpdf: func(x float64, p []float64) float64 { return logNegBinomial2(x, math.Exp(p[0]), p[1]) },
		moments: func(p []float64) (float64, float64) {
			mu := math.Exp(p[0])
			return mu, mu + mu*mu/p[1]
		}},

	{name: "categorical", mvRng: categoricalRng(false), mvLpdf: categoricalLpmf(false)},
	{name: "categorical_logit", mvRng: categoricalRng(true), mvLpdf: categoricalLpmf(true)},
	{name: "ordered_logistic", mvRng: orderedLogisticRng, mvLpdf: orderedLogisticLpmf},
	{name: "multinomial", mvRng: multinomialRng, mvLpdf: multinomialLpmf},
	{name: "dirichlet", mvRng: dirichletRng, mvLpdf: dirichletLpdf},
	{name: "multi_normal", mvRng: multiNormalRng, mvLpdf: multiNormalLpdf},
	{name: "multi_normal_cholesky", mvRng: multiNormalCholeskyRng, mvLpdf: multiNormalCholeskyLpdf},
	{name: "lkj_corr", mvRng: lkjRng(false), mvLpdf: lkjLpdf(false)},
	{name: "lkj_corr_cholesky", mvRng: lkjRng(true), mvLpdf: lkjLpdf(true)},
}

func studentT(p []float64, r *rand.Rand) distuv.StudentsT {
	return distuv.StudentsT{Nu: p[0], Mu: p[1], Sigma: p[2], Src: src(r)}
}
func laplace(p []float64, r *rand.Rand) distuv.Laplace {
	return distuv.Laplace{Mu: p[0], Scale: p[1], Src: src(r)}
}
func logistic(p []float64) distuv.Logistic { return distuv.Logistic{Mu: p[0], S: p[1]} }
func gumbel(p []float64, r *rand.Rand) distuv.GumbelRight {
	return distuv.GumbelRight{Mu: p[0], Beta: p[1], Src: src(r)}
}
func lognormal(p []float64, r *rand.Rand) distuv.LogNormal {
	return distuv.LogNormal{Mu: p[0], Sigma: p[1], Src: src(r)}
}
func invGamma(a, b float64, r *rand.Rand) distuv.InverseGamma {
	return distuv.InverseGamma{Alpha: a, Beta: b, Src: src(r)}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func logBernoulli(x, theta float64) float64 {
	switch x {
	case 1:
		return math.Log(theta)
	case 0:
		return math.Log1p(-theta)
	}
	return math.Inf(-1)
}

func logBinomial(x, n, theta float64) float64 {
	if x < 0 || x > n {
		return math.Inf(-1)
	}
	return lchoose(n, x) + xlogy(x, theta) + xlogy(n-x, 1-theta)
}

// xlogy is x log y with 0 log 0 = 0.
func xlogy(x, y float64) float64 {
	if x == 0 {
		return 0
	}
	return x * math.Log(y)
}

func logPoisson(x, lambda float64) float64 {
	if x < 0 {
		return math.Inf(-1)
	}
	return xlogy(x, lambda) - lambda - lgamma(x+1)
}
