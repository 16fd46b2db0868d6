package diagnostics

import (
	"math"
	"math/bits"
)

// ESSBasic returns the split-chain effective sample size of the draws
// without rank normalisation (posterior's ess_basic / ess_mean; Vehtari et
// al. 2021, section 3.2): the ESS that governs the Monte Carlo error of the
// mean. It is NaN for fewer than 6 iterations per chain (3 per half chain),
// for NaN or infinite draws, and for constant draws.
func ESSBasic(draws [][]float64) float64 {
	w := getWorkspace()
	defer putWorkspace(w)
	return w.essBasic(draws)
}

// ESSBulk returns the bulk effective sample size: the split-chain ESS of the
// rank-normalised draws (Vehtari et al. 2021, section 4.1; posterior's
// ess_bulk). Rank normalisation makes it defined, and robust, for heavy
// tails: infinite draws rank normally, NaN draws give NaN, constant draws
// give NaN. The estimate may exceed the number of draws (antithetic chains),
// up to the cap S·log10(S) of essCore.
func ESSBulk(draws [][]float64) float64 {
	w := getWorkspace()
	defer putWorkspace(w)
	return w.essBulk(draws)
}

// ESSTail returns the tail effective sample size: the smaller of the ESS of
// the 5% and 95% quantile estimates (Vehtari et al. 2021, section 4.3;
// posterior's ess_tail). NaN if either is NaN.
func ESSTail(draws [][]float64) float64 {
	w := getWorkspace()
	defer putWorkspace(w)
	w.sortPool(draws)
	return w.essTail(draws, w.sorted)
}

// ESSQuantile returns the ESS of the estimate of the p-quantile: the
// split-chain ESS of the indicator I(x <= q_p), q_p the type-7 quantile of
// the pooled draws (Vehtari et al. 2021, section 4.3; posterior's
// ess_quantile). NaN for NaN, infinite or constant draws. p = 1 is replaced
// by (S - 1/2)/S, S the number of draws, as posterior does, so that the
// indicator is not constant.
func ESSQuantile(draws [][]float64, p float64) float64 {
	w := getWorkspace()
	defer putWorkspace(w)
	w.sortPool(draws)
	return w.essQuantile(draws, w.sorted, p)
}

func (w *workspace) essBasic(draws [][]float64) float64 {
	var m, n int
	w.x, m, n = splitChains(w.x, draws)
	return w.essCore(w.x, m, n)
}

func (w *workspace) essBulk(draws [][]float64) float64 {
	var m, n int
	w.x, m, n = splitChains(w.x, draws)
	if !w.zScale(w.x) {
		return math.NaN()
	}
	return w.essCore(w.x, m, n)
}

func (w *workspace) essTail(draws [][]float64, sorted []float64) float64 {
	lo := w.essQuantile(draws, sorted, 0.05)
	hi := w.essQuantile(draws, sorted, 0.95)
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return math.NaN()
	}
	return min(lo, hi)
}

// essQuantile needs sorted, the pooled draws in ascending order.
func (w *workspace) essQuantile(draws [][]float64, sorted []float64, p float64) float64 {
	if returnsNA(sorted) {
		return math.NaN()
	}
	if p == 1 {
		s := float64(len(sorted))
		p = (s - 0.5) / s
	}
	q := quantileSorted(sorted, p)
	var m, n int
	w.y, m, n = splitChains(w.y, draws)
	for i, v := range w.y {
		if v <= q {
			w.y[i] = 1
		} else {
			w.y[i] = 0
		}
	}
	return w.essCore(w.y, m, n)
}

// essCore is the effective sample size of m chains of n iterations stored
// flat in x (posterior's .ess). Vehtari et al. 2021, section 3.2:
//
//	ESS = m·n / τ̂,  τ̂ = -1 + 2 Σ_{t=0}^{2k+1} ρ̂_t
//
// with ρ̂_t = 1 - (W - mean_chains(acov_t)) / var⁺, W the mean
// within-chain variance and var⁺ = (n-1)/n W + B/n (section 3.1). The sum is
// truncated by Geyer's (1992) initial positive sequence over pairs
// P̂_t = ρ̂_{2t} + ρ̂_{2t+1}, made monotone (initial monotone sequence), and
// uses the "improved" estimate that adds the first unused even lag, which
// reduces variance for antithetic chains. τ̂ is bounded below by 1/log10(mn),
// so ESS <= mn·log10(mn).
//
// The loop bounds, the conditions and the treatment of a sequence that stops
// at lag 0 are those of posterior 1.4.0, so that the truncation lag — a
// discrete choice — is the same. NaN for n < 3 and whenever returnsNA(x).
//
// The sequence needs only the lags up to the truncation, so they are
// computed one at a time as direct sums (directLags), falling back to the
// FFT of all lags (autocovariance) for slowly mixing chains. The two agree
// to rounding (about 1e-16 of the variance).
func (w *workspace) essCore(x []float64, m, n int) float64 {
	return w.essCoreLags(x, m, n, directLags(n))
}

// essCoreLags is essCore computing at most limit lags directly.
func (w *workspace) essCoreLags(x []float64, m, n, limit int) float64 {
	if n < 3 || !w.centre(x, m, n) {
		return math.NaN()
	}
	w.macov = grow(w.macov, n)
	w.nlag = 0
	if ess, ok := w.geyerESS(m, n, limit); ok {
		return ess
	}
	// The chains mix slowly: all lags at once by FFT.
	clear(w.macov)
	for c := range m {
		for t, a := range w.autocovariance(x[c*n : (c+1)*n]) {
			w.macov[t] += a
		}
	}
	for t := range w.macov {
		w.macov[t] /= float64(m)
	}
	w.nlag = n
	ess, _ := w.geyerESS(m, n, n)
	return ess
}

// directLags is how many lags essCore computes one at a time, each a dot
// product over all chains (O(n) per lag), before it computes all n at once
// by FFT (O(n log n) with a large constant: two transforms of 2n' points).
// Well-mixing chains, the common case, stop Geyer's sequence after a few
// lags, so this is where nearly all the time of a summary went.
func directLags(n int) int { return 4 * bits.Len(uint(n)) }

// centre stores into w.cx the chains of x less their means, into w.means
// the means, and into w.flat which chains are constant (their
// autocovariances are exactly zero, as autocovariance makes them). It
// reports false, as returnsNA(x) would report true, when a value is NaN or
// infinite or all are equal to within machine epsilon: the same pass
// checks both.
func (w *workspace) centre(x []float64, m, n int) bool {
	w.cx = grow(w.cx, m*n)
	w.means = grow(w.means, m)
	w.flat = grow(w.flat, m)
	lo, hi := math.Inf(1), math.Inf(-1)
	finite := true
	for c := range m {
		chain := x[c*n : (c+1)*n]
		var s float64
		flat := true
		for _, v := range chain {
			s += v
			if v != chain[0] {
				flat = false
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				finite = false
			}
			lo = min(lo, v)
			hi = max(hi, v)
		}
		mean := s / float64(n)
		w.means[c] = mean
		w.flat[c] = flat
		cx := w.cx[c*n : (c+1)*n]
		for i, v := range chain {
			cx[i] = v - mean
		}
	}
	return len(x) > 0 && finite && !(math.Abs(hi-lo) < 0x1p-52)
}

// lagCov returns macov[t], the mean over chains of the biased lag-t
// autocovariance (1/n) Σ_{i<n-t} d_i d_{i+t} of the centred chains,
// computing lags up to t when they are not yet known, or false when t is
// beyond limit.
func (w *workspace) lagCov(t, m, n, limit int) (float64, bool) {
	for w.nlag <= t {
		if w.nlag >= limit {
			return 0, false
		}
		lag := w.nlag
		var sum float64
		for c := range m {
			if w.flat[c] {
				continue
			}
			d := w.cx[c*n : (c+1)*n]
			sum += dot(d[:n-lag], d[lag:]) / float64(n)
		}
		w.macov[lag] = sum / float64(m)
		w.nlag++
	}
	return w.macov[t], true
}

// dot is Σ a_i b_i with four accumulators, so that the additions overlap.
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// geyerESS is the rest of essCore once the chain means are known: the
// estimate from the lag autocovariances lagCov gives, or false when it
// needs a lag beyond limit.
func (w *workspace) geyerESS(m, n, limit int) (float64, bool) {
	acov0, _ := w.lagCov(0, m, n, limit)
	fn := float64(n)
	meanVar := acov0 * fn / (fn - 1)
	varPlus := meanVar * (fn - 1) / fn
	if m > 1 {
		varPlus += variance(w.means)
	}

	// Geyer's initial positive sequence: add pairs of lags while their sum
	// stays positive.
	rho := grow(w.rho, n)
	w.rho = rho
	clear(rho)
	ok := true
	rhoAt := func(t int) float64 {
		a, in := w.lagCov(t, m, n, limit)
		ok = ok && in
		return 1 - (meanVar-a)/varPlus
	}
	rhoEven, rhoOdd := 1.0, rhoAt(1)
	rho[0], rho[1] = rhoEven, rhoOdd
	t := 0
	for ok && t < n-5 && !math.IsNaN(rhoEven+rhoOdd) && rhoEven+rhoOdd > 0 {
		t += 2
		rhoEven, rhoOdd = rhoAt(t), rhoAt(t+1)
		if rhoEven+rhoOdd >= 0 {
			rho[t], rho[t+1] = rhoEven, rhoOdd
		}
	}
	if !ok {
		return 0, false
	}
	maxT := t
	if rhoEven > 0 {
		rho[maxT] = rhoEven // used by the improved estimate below
	}

	// Geyer's initial monotone sequence: no pair may exceed the one before.
	for t = 0; t <= maxT-4; {
		t += 2
		if rho[t]+rho[t+1] > rho[t-2]+rho[t-1] {
			rho[t] = (rho[t-2] + rho[t-1]) / 2
			rho[t+1] = rho[t]
		}
	}

	// τ̂ = -1 + 2 Σ_{t<maxT} ρ̂_t + ρ̂_maxT. When the sequence stops at
	// maxT = 0, posterior's R indexing rho[1:0] sums ρ̂_0 alone; keep that.
	var sum float64
	if maxT == 0 {
		sum = rho[0]
	}
	for _, r := range rho[:maxT] {
		sum += r
	}
	tau := -1 + 2*sum + rho[maxT]
	total := float64(m * n)
	tau = max(tau, 1/math.Log10(total))
	return total / tau, true
}

// variance is the sample variance with denominator len(x)-1 (R's var),
// NaN for fewer than two values.
func variance(x []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return ss / float64(len(x)-1)
}
