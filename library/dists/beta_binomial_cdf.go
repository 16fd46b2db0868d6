package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// beta_binomial_lcdf and beta_binomial_lccdf (Stan Functions Reference,
// "Beta-binomial distribution"): the pmf summed in logs over 0..n, or over
// n+1..N for the upper tail, each tail summed directly rather than as 1
// minus the other (Stan Math writes the CCDF with the hypergeometric
// function 3F2, a sum of the same N - n terms). The shapes are data: their
// partials are sums of digammas over the terms, whose own derivatives
// (trigammas) the kernels' partials cannot build yet; the compiler
// refuses α or β that depend on parameters.
var betaBinomialLcdf, betaBinomialLccdf = cdfKernels("beta_binomial", []library.Domain{library.Count, library.Count, library.DataPositive, library.DataPositive}, betaBinomialLpmfKernel,
	func(n, trials, a, b float64, _ int) float64 { return betaBinomialLogCDF(n, trials, a, b, false) },
	func(n, trials, a, b float64, _ int) float64 { return betaBinomialLogCDF(n, trials, a, b, true) }, `
BAYES_FN bayes_real bayes_beta_binomial_log_cdf(bayes_real n, bayes_real trials, bayes_real a, bayes_real b, int upper)
{
	bayes_real lo = 0, hi = n, s = -BAYES_INF, k;
	if (!(trials <= BAYES_R(2147483647.0))) return BAYES_NAN;
	if (n < 0) return upper ? 0 : -BAYES_INF;
	if (n >= trials) return upper ? -BAYES_INF : 0;
	if (upper) {
		lo = n + 1;
		hi = trials;
	}
	for (k = lo; k <= hi; k++) s = bayes_log_sum_exp2(s, bayes_beta_binomial_lpmf(k, trials, a, b));
	return s;
}

BAYES_FN bayes_real bayes_beta_binomial_lcdf(bayes_real n, bayes_real trials, bayes_real a, bayes_real b)
{
	return bayes_beta_binomial_log_cdf(n, trials, a, b, 0);
}`, `
BAYES_FN bayes_real bayes_beta_binomial_lccdf(bayes_real n, bayes_real trials, bayes_real a, bayes_real b)
{
	return bayes_beta_binomial_log_cdf(n, trials, a, b, 1);
}`, func(library.Builder, []library.Value, int) library.Value { return library.NoValue })

// betaBinomialLogCDF is log P(X <= n), or with upper log P(X > n), X ~
// beta_binomial(N, α, β); NaN for N beyond a Stan int, whose sum would
// not end.
func betaBinomialLogCDF(n, trials, a, b float64, upper bool) float64 {
	if !(trials <= math.MaxInt32) { // beyond a Stan int (NaN too): no sum of that many terms
		return math.NaN()
	}
	if lp, ok := outsideTrials(n, trials, upper); ok {
		return lp
	}
	lo, hi := 0.0, n
	if upper {
		lo, hi = n+1, trials
	}
	s := math.Inf(-1)
	for k := lo; k <= hi; k++ {
		s = library.LogSumExp2(s, betaBinomialLpmf(k, trials, a, b, 0))
	}
	return s
}
