package loo

import (
	"math"

	"gonum.org/v1/gonum/dsp/fourier"

	"github.com/bayes-dev/bayes/diagnostics"
)

// RelativeEff is the relative efficiency r_eff = ESS/S of the draws of one
// quantity, [chain][iteration] with S draws in all, as loo's relative_eff
// computes it (its ess_rfun): the multi-chain effective sample size of
// Stan 2.18 (Stan Reference Manual, "Effective sample size"; Geyer's
// initial monotone sequence on the autocorrelations, combined across chains
// as in Gelman et al., BDA3 section 11.5), without rank normalisation or
// splitting. PSIS takes the r_eff of exp(log_lik), the likelihood, as loo's
// documentation does: it sets the length of the Pareto tail and n_eff.
//
// Special cases: chains of 5 draws or fewer, or draws all equal, give
// ESS = S/2, as loo's code does; chains of one draw give NaN (loo stops
// with an error).
func RelativeEff(draws [][]float64) float64 {
	chains, n := len(draws), len(draws[0])
	if n < 2 {
		return math.NaN()
	}
	acov := make([][]float64, chains)
	var meanVar, meanOfMeans float64
	means := make([]float64, chains)
	for c, x := range draws {
		acov[c] = autocovariance(x)
		meanVar += acov[c][0]
		for _, v := range x {
			means[c] += v
		}
		means[c] /= float64(n)
		meanOfMeans += means[c]
	}
	meanVar = meanVar / float64(chains) * float64(n) / float64(n-1)
	meanOfMeans /= float64(chains)
	varPlus := meanVar * float64(n-1) / float64(n)
	if chains > 1 {
		var b float64
		for _, m := range means {
			b += (m - meanOfMeans) * (m - meanOfMeans)
		}
		varPlus += b / float64(chains-1)
	}
	rho := func(t int) float64 { // 1 - (W - mean autocovariance at lag t)/var+
		var s float64
		for _, a := range acov {
			s += a[t]
		}
		return 1 - (meanVar-s/float64(chains))/varPlus
	}

	// Geyer's initial positive sequence: sums of adjacent pairs of
	// autocorrelations, up to the first pair that is negative.
	r := make([]float64, n)
	r[0] = 1
	even, odd := 1.0, rho(1)
	r[1] = odd
	t := 0
	for t < n-5 && !math.IsNaN(even+odd) && even+odd > 0 {
		t += 2
		even, odd = rho(t), rho(t+1)
		if even+odd >= 0 {
			r[t], r[t+1] = even, odd
		}
	}
	maxT := t
	if even > 0 {
		r[maxT] = even
	}
	// Geyer's initial monotone sequence: the pair sums must not increase.
	for t = 2; t <= maxT-2; t += 2 {
		if r[t]+r[t+1] > r[t-2]+r[t-1] {
			r[t] = (r[t-2] + r[t-1]) / 2
			r[t+1] = r[t]
		}
	}
	// tau = -1 + 2 Σ_{t<maxT} rho_t + rho_maxT. loo writes the sum as
	// sum(rho_hat_t[1:max_t]), which for max_t = 0 is R's 1:0 = c(1, 0),
	// that is rho_0 alone: kept so the special cases agree.
	sum := r[0]
	if maxT > 0 {
		sum = 0
		for _, v := range r[:maxT] {
			sum += v
		}
	}
	tau := -1 + 2*sum + r[maxT]
	s := float64(chains * n)
	tau = math.Max(tau, 1/math.Log10(s)) // the antithetic bound of Stan's estimate
	ess := s / tau
	return ess / s
}

// autocovariance returns the autocovariances of x at lags 0..n-1 as loo's
// autocovariance computes them: through an FFT of the centred draws padded
// with zeros to 2M, M the smallest 2-3-5-smooth size >= n (so the circular
// correlation equals the linear one), divided by 2n². That is the biased
// estimate (1/n) Σ_{i<n-t} (x_i - x̄)(x_{i+t} - x̄) scaled by M/n, which is
// 1 when n is itself 2-3-5-smooth (1000, 4000) and a little more otherwise
// (350 draws: 360/350). loo's relative_eff keeps that factor, and so does
// this, so that r_eff agrees with it.
func autocovariance(x []float64) []float64 {
	n := len(x)
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(n)
	size := 2 * diagnostics.FFTSize(n) // loo's fft_next_good_size
	pad := make([]float64, size)
	for i, v := range x {
		pad[i] = v - mean
	}
	fft := fourier.NewFFT(size)
	coef := fft.Coefficients(nil, pad)
	for i, c := range coef {
		coef[i] = complex(real(c)*real(c)+imag(c)*imag(c), 0)
	}
	// Coefficients then Sequence is R's fft then fft(inverse = TRUE):
	// unnormalised, a factor of size on the correlation sums.
	fft.Sequence(pad, coef)
	out := make([]float64, n)
	for t := range out {
		out[t] = pad[t] / (float64(n) * float64(n) * 2)
	}
	return out
}
