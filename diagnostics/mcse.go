package diagnostics

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// MCSEMean returns the Monte Carlo standard error of the mean of the draws,
// sd / sqrt(ESSBasic) (BDA3 section 11.5; posterior's mcse_mean).
func MCSEMean(draws [][]float64) float64 {
	w := getWorkspace()
	defer putWorkspace(w)
	return w.mcseMean(draws, poolSD(draws))
}

// MCSESD returns the Monte Carlo standard error of the standard deviation of
// the draws by the delta method (posterior 1.4.0's mcse_sd; Kenney and
// Keeping 1951, p. 141): with m2, m4 the second and fourth central moments
// (denominator S) and E the split-chain ESS of (x - mean)²,
//
//	Var(m2) ≈ (m4 - m2²) / E,  MCSE(sd) = sqrt(Var(m2) / (4 m2)).
func MCSESD(draws [][]float64) float64 {
	w := getWorkspace()
	defer putWorkspace(w)
	return w.mcseSD(draws, poolMean(draws))
}

// MCSEQuantile returns the Monte Carlo standard error of the p-quantile
// (Vehtari et al. 2021, section 4.4; posterior's mcse_quantile): with E the
// ESS of I(x <= q_p), a1 and a2 the 0.1586553 and 0.8413447 quantiles of
// Beta(E p + 1, E (1-p) + 1) (±1 sd of a normal), and x_(i) the sorted
// pooled draws of size S, it is (x_(min(⌈a2 S⌉, S)) - x_(max(⌊a1 S⌋, 1))) / 2.
func MCSEQuantile(draws [][]float64, p float64) float64 {
	w := getWorkspace()
	defer putWorkspace(w)
	w.sortPool(draws)
	return w.mcseQuantile(draws, w.sorted, p)
}

func (w *workspace) mcseMean(draws [][]float64, sd float64) float64 {
	return sd / math.Sqrt(w.essBasic(draws))
}

func (w *workspace) mcseSD(draws [][]float64, mean float64) float64 {
	var m2, m4 float64
	s := 0
	for _, d := range draws {
		for _, v := range d {
			c2 := (v - mean) * (v - mean)
			m2 += c2
			m4 += c2 * c2
		}
		s += len(d)
	}
	m2 /= float64(s)
	m4 /= float64(s)
	ess := w.essOf(splitSeries(seriesSquared, draws, mean))
	varVar := (m4 - m2*m2) / ess
	return math.Sqrt(varVar / m2 / 4)
}

// Probabilities of ±1 standard deviation of a normal, as posterior uses them.
const (
	minusOneSD = 0.1586553
	plusOneSD  = 0.8413447
)

func (w *workspace) mcseQuantile(draws [][]float64, sorted []float64, p float64) float64 {
	ess := w.essQuantile(draws, sorted, p)
	if math.IsNaN(ess) {
		return math.NaN()
	}
	beta := distuv.Beta{Alpha: ess*p + 1, Beta: ess*(1-p) + 1}
	a1 := beta.Quantile(minusOneSD)
	a2 := beta.Quantile(plusOneSD)
	s := len(sorted)
	i1 := max(int(math.Floor(a1*float64(s))), 1)
	i2 := min(int(math.Ceil(a2*float64(s))), s)
	return (sorted[i2-1] - sorted[i1-1]) / 2
}
