package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// DiscreteRange is discrete_range(lower, upper), the uniform distribution
// over the ints lower..upper (Stan Functions Reference, "Discrete range
// distribution"): mass 1/(upper - lower + 1). Every argument is an int,
// so nothing has a partial; the kernels' arguments are marked Count for
// that (their values may be negative: nothing below reads the sign).
var DiscreteRange = &library.Dist{
	Name:     "discrete_range",
	Discrete: true,
	Params:   []library.Param{{Name: "lower bound", Int: true, Domain: library.Finite}, {Name: "upper bound", Int: true, Domain: library.Finite}},
	Support:  "lower:upper",
	Lpdf:     discreteRangeLpmfKernel,
	Lcdf:     discreteRangeLcdf,
	Lccdf:    discreteRangeLccdf,
	// -log(upper - lower + 1): every summand (Stan Math
	// discrete_range_lpmf returns 0 under propto)
	Terms: []library.Term{{Deps: 1<<1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 { return -math.Log(x[2] - x[1] + 1) }}},
	// lower > upper has no draw: NaN, which the interpreter reports as a
	// draw that does not fit in an int
	Rng: func(r *rand.Rand, p []float64) float64 {
		if p[1] < p[0] {
			return math.NaN()
		}
		return p[0] + float64(r.Int64N(int64(p[1]-p[0])+1))
	},
	CDF: func(x float64, p []float64) float64 {
		return math.Min(1, math.Max(0, (math.Floor(x)-p[0]+1)/(p[1]-p[0]+1)))
	},
	// (lower + upper)/2 and ((upper - lower + 1)² - 1)/12
	Moments: func(p []float64) (float64, float64) {
		n := p[1] - p[0] + 1
		return (p[0] + p[1]) / 2, (n*n - 1) / 12
	},
}

var discreteRangeLpmfKernel = &library.Kernel{Name: "discrete_range_lpmf", Args: []library.Domain{library.Count, library.Count, library.Count},
	Value: discreteRangeLpmf, Partial: func(library.Builder, library.Value, int, library.Value) library.Value { return library.NoValue }, C: `
BAYES_FN bayes_real bayes_discrete_range_lpmf(bayes_real y, bayes_real lower, bayes_real upper)
{
	if (y < lower || y > upper) return -BAYES_INF;
	return -BAYES_M(log)(upper - lower + 1);
}`}

func init() { register(DiscreteRange) }

// discreteRangeLpmf: -log(upper - lower + 1) for lower <= y <= upper, else -Inf.
func discreteRangeLpmf(y, lower, upper, _ float64, _ int) float64 {
	if y < lower || y > upper {
		return math.Inf(-1)
	}
	return -math.Log(upper - lower + 1)
}

// discrete_range_lcdf and _lccdf (Stan Functions Reference, "Discrete
// range distribution"): log((y - lower + 1)/(upper - lower + 1)) and
// log((upper - y)/(upper - lower + 1)) within the range; ints only, so no
// partials.
var discreteRangeLcdf, discreteRangeLccdf = cdfKernels("discrete_range", []library.Domain{library.Count, library.Count, library.Count}, discreteRangeLpmfKernel,
	func(y, lower, upper, _ float64, _ int) float64 { return discreteRangeLogCDF(y, lower, upper, false) },
	func(y, lower, upper, _ float64, _ int) float64 { return discreteRangeLogCDF(y, lower, upper, true) }, `
BAYES_FN bayes_real bayes_discrete_range_log_cdf(bayes_real y, bayes_real lower, bayes_real upper, int upper_tail)
{
	if (y < lower) return upper_tail ? 0 : -BAYES_INF;
	if (y >= upper) return upper_tail ? -BAYES_INF : 0;
	if (upper_tail) return BAYES_M(log)((upper - y) / (upper - lower + 1));
	return BAYES_M(log)((y - lower + 1) / (upper - lower + 1));
}

BAYES_FN bayes_real bayes_discrete_range_lcdf(bayes_real y, bayes_real lower, bayes_real upper)
{
	return bayes_discrete_range_log_cdf(y, lower, upper, 0);
}`, `
BAYES_FN bayes_real bayes_discrete_range_lccdf(bayes_real y, bayes_real lower, bayes_real upper)
{
	return bayes_discrete_range_log_cdf(y, lower, upper, 1);
}`, func(library.Builder, []library.Value, int) library.Value { return library.NoValue })

// discreteRangeLogCDF is log P(Y <= y), or with upper log P(Y > y).
func discreteRangeLogCDF(y, lower, upper float64, upperTail bool) float64 {
	switch {
	case y < lower && upperTail:
		return 0
	case y < lower:
		return math.Inf(-1)
	case y >= upper && upperTail:
		return math.Inf(-1)
	case y >= upper:
		return 0
	case upperTail:
		return math.Log((upper - y) / (upper - lower + 1))
	}
	return math.Log((y - lower + 1) / (upper - lower + 1))
}
