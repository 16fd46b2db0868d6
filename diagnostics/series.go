package diagnostics

// seriesKind says what a series is computed from, one row of the switch in
// series.chain per kind.
type seriesKind uint8

const (
	seriesFlat    seriesKind = iota // a matrix stored flat, chain after chain: flat[c*n+i]
	seriesSplit                     // the split chains of draws
	seriesBelow                     // the indicator I(x <= at) of the split chains (ess_quantile)
	seriesSquared                   // (x - at)² of the split chains (mcse_sd)
	seriesKinds                     // how many kinds there are
)

// series is a matrix of m chains of n iterations that the diagnostics read
// one chain at a time (chain), so that a transform of the split draws —
// an indicator, a square — is computed into a buffer of one chain that
// stays in cache, not into a copy of all draws: with tens of thousands of
// chains the draws do not fit in cache, and each pass over them costs more
// than the arithmetic (splitChains' copy plus a transform was two passes
// per statistic).
//
// The split chains are those of splitChains (Vehtari et al. 2021, section
// 3.1): chain 2c is the first half of draws[c], chain 2c+1 its second half,
// the middle draw of an odd number dropped; fewer than two iterations are
// not split. The values are the same numbers splitChains and the
// transform give, so results do not change.
type series struct {
	kind  seriesKind
	m, n  int
	flat  []float64   // seriesFlat
	draws [][]float64 // the others
	at    float64     // the quantile (seriesBelow) or the mean (seriesSquared)
}

// flatSeries is x, m chains of n iterations stored flat.
func flatSeries(x []float64, m, n int) series {
	return series{kind: seriesFlat, m: m, n: n, flat: x}
}

// splitSeries is the split chains of draws, transformed as kind says.
func splitSeries(kind seriesKind, draws [][]float64, at float64) series {
	chains, iters := checkChains(draws)
	s := series{kind: kind, draws: draws, at: at, m: chains, n: iters}
	if iters >= 2 {
		s.m, s.n = 2*chains, iters/2
	}
	return s
}

// chain returns chain c: a view of the draws when they need no transform,
// else buf (length n) filled with the transformed values.
func (s *series) chain(c int, buf []float64) []float64 {
	if s.kind == seriesFlat {
		return s.flat[c*s.n : (c+1)*s.n]
	}
	var x []float64
	if s.m == len(s.draws) {
		x = s.draws[c]
	} else if d := s.draws[c/2]; c%2 == 0 {
		x = d[:s.n]
	} else {
		x = d[len(d)-s.n:]
	}
	switch s.kind {
	case seriesBelow:
		buf = buf[:len(x)]
		for i, v := range x {
			if v <= s.at {
				buf[i] = 1
			} else {
				buf[i] = 0
			}
		}
		return buf
	case seriesSquared:
		buf = buf[:len(x)]
		for i, v := range x {
			buf[i] = (v - s.at) * (v - s.at)
		}
		return buf
	}
	return x
}
