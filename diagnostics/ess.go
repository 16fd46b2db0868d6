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
	return w.essOf(splitSeries(seriesSplit, draws, 0))
}

func (w *workspace) essBulk(draws [][]float64) float64 {
	split := splitSeries(seriesSplit, draws, 0)
	if !w.rankSeries(&split) {
		return math.NaN()
	}
	return w.essOf(w.zSeries(split.m, split.n))
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
	if returnsNASorted(sorted) {
		return math.NaN()
	}
	if p == 1 {
		s := float64(len(sorted))
		p = (s - 0.5) / s
	}
	return w.essOf(splitSeries(seriesBelow, draws, quantileSorted(sorted, p)))
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
// computed a few at a time as direct sums (directLags), falling back to the
// FFT of all lags (autocovariance) for slowly mixing chains. The two agree
// to rounding (about 1e-16 of the variance).
func (w *workspace) essCore(x []float64, m, n int) float64 {
	return w.ess(flatSeries(x, m, n), directLags(n))
}

// essOf is essCore of a series.
func (w *workspace) essOf(s series) float64 { return w.ess(s, directLags(s.n)) }

// essCoreLags is essCore computing at most limit lags directly.
func (w *workspace) essCoreLags(x []float64, m, n, limit int) float64 {
	return w.ess(flatSeries(x, m, n), limit)
}

// ess is essCore of a series, computing at most limit lags directly.
func (w *workspace) ess(s series, limit int) float64 {
	m, n := s.m, s.n
	if n < 3 {
		return math.NaN()
	}
	w.macov = grow(w.macov, n)
	w.nlag = 0
	if !w.centre(&s, min(max(w.lagHint[s.kind], firstLags), limit, n)) {
		return math.NaN()
	}
	if ess, ok := w.geyerESS(&s, limit); ok {
		w.lagHint[s.kind] = w.lagsUsed
		return ess
	}
	w.lagHint[s.kind] = limit
	// The chains mix slowly: all lags at once by FFT.
	clear(w.macov)
	w.buf = grow(w.buf, n)
	for c := range m {
		for t, a := range w.autocovariance(s.chain(c, w.buf)) {
			w.macov[t] += a
		}
	}
	for t := range w.macov {
		w.macov[t] /= float64(m)
	}
	w.nlag = n
	ess, _ := w.geyerESS(&s, n)
	return ess
}

// directLags is how many lags essCore computes as direct sums over each
// chain (O(n) per lag) before it computes all n at once by FFT (O(n log n)
// with a large constant: two transforms of 2n' points). Well-mixing chains,
// the common case, stop Geyer's sequence after a few lags. Measured on a
// chain of 250 (10,000 chains of 500 draws, split), gonum's FFT of one
// chain took 20 µs and one direct lag 73 ns: the direct sums win to well
// past 16·log2(n) lags (128 here). At the former limit of 4·log2(n) a
// summary of a 10,000 chain run spent a tenth of its time in FFTs of the
// squared deviations (mcse_sd), whose sequences ran to about 48 lags.
func directLags(n int) int { return 16 * bits.Len(uint(n)) }

// firstLags is the fewest lags the first pass over the chains (centre)
// computes, while each chain is in cache. It computes as many as the last
// series of the same kind needed (workspace.lagHint; the quantities of one
// model mix alike), since a further pass over all chains (lagCov), which
// reads the draws again, costs more than a few more dot products of one
// short chain. The hint changes how the sums are batched, never their
// values: each lag is summed over the chains in the same order.
const firstLags = 4

// moreLags is how many lags a further pass computes: two pairs of Geyer's
// sequence. Measured on a 10,000 chain run, doubling the lags known instead
// computed 60% more lags than the sequences read; a pass costs about as
// much as two lags.
const moreLags = 4

// centre reads every chain of s once: it stores into w.means the chain
// means, into w.flat which chains are constant (their autocovariances are
// exactly zero, as autocovariance makes them), and into w.macov[:lags] the
// mean over chains of the first lags autocovariances (addLags). It reports
// false, as returnsNA would report true of all values, when a value is NaN
// or infinite or all are equal to within machine epsilon: the same pass
// checks both.
func (w *workspace) centre(s *series, lags int) bool {
	m, n := s.m, s.n
	w.means = grow(w.means, m)
	w.flat = grow(w.flat, m)
	w.buf, w.buf2 = grow(w.buf, n), grow(w.buf2, n)
	w.cx = grow(w.cx, n)
	w.lagSum = grow(w.lagSum, lags)
	clear(w.lagSum)
	all := chainStats{0, math.Inf(1), math.Inf(-1)}
	one := func(c int, chain []float64, r chainStats) bool {
		if !r.finite() {
			return false
		}
		all.lo, all.hi = min(all.lo, r.lo), max(all.hi, r.hi)
		mean := r.sum / float64(n)
		w.means[c] = mean
		w.flat[c] = r.lo == r.hi
		if r.lo != r.hi {
			w.addLags(chain, mean, 0, lags)
		}
		return true
	}
	for c := 0; c < m; c += 2 {
		if c+1 == m {
			chain := s.chain(c, w.buf)
			r, _ := chainRanges(chain, chain)
			if !one(c, chain, r) {
				return false
			}
			break
		}
		a, b := s.chain(c, w.buf), s.chain(c+1, w.buf2)
		ra, rb := chainRanges(a, b)
		if !one(c, a, ra) || !one(c+1, b, rb) {
			return false
		}
	}
	if m*n == 0 || math.Abs(all.hi-all.lo) < 0x1p-52 {
		return false
	}
	w.finishLags(m, 0, lags)
	return true
}

// chainStats is what one pass over a chain gives (chainRanges).
type chainStats struct {
	sum, lo, hi float64
}

// chainRanges returns the sum (added in order, as the chain mean is
// computed everywhere), the least and the greatest value of two chains of
// the same length in one pass. The two sums are independent sequences of
// additions that the processor overlaps: one sum alone is bounded by the
// latency of an addition, and was most of the time of such a pass. It
// compares rather than calling min and max, which order ±0 and NaN and so
// cost more: a NaN makes the sum NaN (finite), and ±0, equal to each other,
// leave the range as they leave it for min and max. A chain is constant,
// all values equal to its first, when lo == hi.
func chainRanges(a, b []float64) (chainStats, chainStats) {
	if len(a) == 0 {
		empty := chainStats{0, math.Inf(1), math.Inf(-1)}
		return empty, empty
	}
	b = b[:len(a)]
	ra := chainStats{0, a[0], a[0]}
	rb := chainStats{0, b[0], b[0]}
	for i, u := range a {
		v := b[i]
		ra.sum += u
		rb.sum += v
		if u < ra.lo {
			ra.lo = u
		}
		if u > ra.hi {
			ra.hi = u
		}
		if v < rb.lo {
			rb.lo = v
		}
		if v > rb.hi {
			rb.hi = v
		}
	}
	return ra, rb
}

// finite reports whether the chain held no NaN or infinite value.
func (r chainStats) finite() bool {
	return !math.IsNaN(r.sum) && !math.IsInf(r.lo, 0) && !math.IsInf(r.hi, 0)
}

// addLags adds to w.lagSum[t] for t in [from, to) the biased lag-t
// autocovariance (1/n) Σ_{i<n-t} d_i d_{i+t} of chain less its mean, the
// chain's d_i = chain_i - mean computed into w.cx.
func (w *workspace) addLags(chain []float64, mean float64, from, to int) {
	n := len(chain)
	d := w.cx[:n]
	for i, v := range chain {
		d[i] = v - mean
	}
	for lag := from; lag < to; lag++ {
		w.lagSum[lag] += dot(d[:n-lag], d[lag:]) / float64(n)
	}
}

// finishLags sets macov[t], t in [from, to), to the mean over the m chains
// of their lag-t autocovariances summed in w.lagSum (chain after chain, in
// order, so that the sum does not depend on how many lags a pass computes).
func (w *workspace) finishLags(m, from, to int) {
	for lag := from; lag < to; lag++ {
		w.macov[lag] = w.lagSum[lag] / float64(m)
	}
	w.nlag = max(w.nlag, to)
}

// lagCov returns macov[t], the mean over chains of the biased lag-t
// autocovariance of the centred chains, computing the lags from w.nlag
// through at least t (and the next pair, moreLags in all, up to limit) in
// one more pass over the chains when t is not yet known, or false when t is
// beyond limit.
func (w *workspace) lagCov(s *series, t, limit int) (float64, bool) {
	if t < w.nlag {
		return w.macov[t], true
	}
	if t >= limit {
		return 0, false
	}
	from, to := w.nlag, min(max(t+1, w.nlag+moreLags), limit, s.n)
	w.lagSum = grow(w.lagSum, to)
	clear(w.lagSum[from:to])
	for c := range s.m {
		if !w.flat[c] {
			w.addLags(s.chain(c, w.buf), w.means[c], from, to)
		}
	}
	w.finishLags(s.m, from, to)
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
func (w *workspace) geyerESS(s *series, limit int) (float64, bool) {
	m, n := s.m, s.n
	acov0, _ := w.lagCov(s, 0, limit)
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
		a, in := w.lagCov(s, t, limit)
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
	w.lagsUsed = maxT + 2 // the last pair read was maxT, maxT+1
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
