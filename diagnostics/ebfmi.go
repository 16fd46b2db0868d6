package diagnostics

import "math"

// LowEBFMI is the E-BFMI below which a chain's momentum resampling explores
// the energy distribution poorly; Stan warns below 0.3 (Betancourt 2017,
// "A Conceptual Introduction to Hamiltonian Monte Carlo", section 6.1).
const LowEBFMI = 0.3

// EBFMI returns the empirical Bayesian fraction of missing information of
// one chain's energies (Betancourt 2016, "Diagnosing Suboptimal Cotangent
// Disintegrations in Hamiltonian Monte Carlo", eq. 8):
//
//	E-BFMI = Σ_{n=2}^{N} (E_n - E_{n-1})² / Σ_{n=1}^{N} (E_n - Ē)²
//
// the variance of the energy transitions over that of the marginal energy.
// ArviZ's bfmi divides means instead of sums, which is this times
// N/(N-1).
//
// Special cases: fewer than two energies, constant energies, or any
// non-finite energy give NaN.
func EBFMI(energy []float64) float64 {
	n := len(energy)
	if n < 2 {
		return math.NaN()
	}
	var mean float64
	for _, e := range energy {
		mean += e
	}
	mean /= float64(n)
	var num, den float64
	for i, e := range energy {
		den += (e - mean) * (e - mean)
		if i > 0 {
			d := e - energy[i-1]
			num += d * d
		}
	}
	if den == 0 || math.IsNaN(den) || math.IsInf(den, 0) {
		return math.NaN()
	}
	return num / den
}
