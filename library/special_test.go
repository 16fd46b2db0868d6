package library

import (
	"math"
	"strconv"
	"testing"
)

// TestSpecialFunctions checks the special functions against reference
// values, each with its source.
func TestSpecialFunctions(t *testing.T) {
	// lbeta of integers: log B(m, n) = log((m-1)!(n-1)!/(m+n-1)!), summed
	// here as logs of the integers (exact up to rounding in the sum).
	logFact := func(n int) float64 {
		s := 0.0
		for k := 2; k <= n; k++ {
			s += math.Log(float64(k))
		}
		return s
	}
	for _, c := range [][2]int{{1, 1}, {3, 7}, {2, 40}, {9, 11}, {15, 300}, {1000, 1000}, {3, 5000}, {200, 20000}} {
		got, want := Lbeta(float64(c[0]), float64(c[1])), logFact(c[0]-1)+logFact(c[1]-1)-logFact(c[0]+c[1]-1)
		if !(math.Abs(got-want) <= 1e-12*math.Max(1, math.Abs(want))) {
			t.Errorf("Lbeta(%d, %d) = %.17g, sum of log-factorials %.17g", c[0], c[1], got, want)
		}
	}
	tests := []struct {
		name      string
		got, want float64
		tol       float64
	}{
		// ψ'(1) = π²/6 and ψ''(1) = -2ζ(3) (Abramowitz & Stegun 6.4.2).
		{"trigamma(1)", Polygamma(1, 1), math.Pi * math.Pi / 6, 1e-13},
		{"tetragamma(1)", Polygamma(2, 1), -2 * 1.2020569031595942853997, 1e-13},
		// ψ'(1/2) = π²/2 (A&S 6.4.4).
		{"trigamma(0.5)", Polygamma(1, 0.5), math.Pi * math.Pi / 2, 1e-13},
		// Asymptotic series A&S 6.4.12 to the x^-7 term (next term ~1e-15).
		{"trigamma(30)", Polygamma(1, 30), 1.0/30 + 1.0/(2*900) + 1.0/(6*27000) - 1.0/(30*24300000) + 1.0/(42*21870000000), 1e-13},
		// ψ(1) = -γ (A&S 6.3.2); gonum's series (recurrence to 7, four
		// terms) is good to about 1e-10 only
		{"digamma(1)", Digamma(1), -EulerGamma, 1e-9},
		{"log1p_exp(800)", Log1pExp(800), 800, 1e-15},
		{"log1p_exp(-800)", Log1pExp(-800), 0, 1e-15},
		{"log1p_exp(0)", Log1pExp(0), math.Ln2, 1e-15},
		{"inv_logit(-800)", InvLogit(-800), 0, 1e-15},
		{"inv_logit(0)", InvLogit(0), 0.5, 1e-15},
		{"log_inv_logit(-800)", LogInvLogit(-800), -800, 1e-15},
		{"log1m_inv_logit(800)", Log1mInvLogit(800), -800, 1e-15},
		// Φ(1.96) and Φ(-10) from mpmath (mp.dps = 30; mpmath.ncdf), rounded
		// to 17 digits; the (1+erf)/2 form would lose Φ(-10) entirely.
		{"Phi(1.96)", Phi(1.96), 0.97500210485177956, 1e-15},
		{"Phi(-10)", Phi(-10), 7.6198530241605261e-24, 1e-14},
		// log1m_exp(-1e-20) = log(1e-20) to first order; log1m_exp(-50) = -exp(-50)
		{"log1m_exp(-1e-20)", Log1mExp(-1e-20), math.Log(1e-20), 1e-15},
		{"log1m_exp(-50)", Log1mExp(-50), -math.Exp(-50), 1e-15},
		{"log1m_exp(-1)", Log1mExp(-1), math.Log(1 - math.Exp(-1)), 1e-15},
		// lchoose(10, 3) = log 120; lchoose(50, 25) = log 126410606437752
		{"lchoose(10,3)", Lchoose(10, 3), math.Log(120), 1e-14},
		{"lchoose(50,25)", Lchoose(50, 25), math.Log(126410606437752), 1e-14},
		{"xlogy(0, 0)", Xlogy(0, 0), 0, 0},
		{"xlogy(2, 3)", Xlogy(2, 3), 2 * math.Log(3), 1e-15},
		{"log_sum_exp(1, 2)", LogSumExp2(1, 2), math.Log(math.E + math.E*math.E), 1e-15},
		{"log_sum_exp(-Inf, -Inf)", LogSumExp2(math.Inf(-1), math.Inf(-1)), math.Inf(-1), 0},
		{"log_sum_exp([1, 2, 3])", LogSumExp([]float64{1, 2, 3}), math.Log(math.E + math.E*math.E + math.E*math.E*math.E), 1e-15},
		{"lgamma(-Inf)", Lgamma(math.Inf(-1)), math.Inf(-1), 0},
		{"sign(-0)", math.Copysign(1, Sign(math.Copysign(0, -1))), -1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !(tc.got == tc.want || math.Abs(tc.got-tc.want) <= tc.tol*math.Abs(tc.want)) {
				t.Errorf("got %.17g, want %.17g", tc.got, tc.want)
			}
		})
	}
}

// TestCConstants: each constant's C macro reads back as the Go constant in
// double, and in float as the exact constant rounded to float (no double
// rounding through the 17-digit literal).
func TestCConstants(t *testing.T) {
	exact := map[string]float32{"BAYES_HALF_LOG_2PI": HalfLog2Pi, "BAYES_LOG_PI": LogPi, "BAYES_LN2": Ln2, "BAYES_INV_SQRT2": InvSqrt2}
	for _, c := range cConstants {
		lit := cLiteral(c.x)
		if d, err := strconv.ParseFloat(lit, 64); err != nil || d != c.x {
			t.Errorf("%s: %s reads back as %v, want %v", c.name, lit, d, c.x)
		}
		f, err := strconv.ParseFloat(lit, 32)
		want, ok := exact[c.name]
		if !ok {
			t.Errorf("%s: no exact float in this test", c.name)
		}
		if err != nil || float32(f) != want {
			t.Errorf("%s: %sf is %v in float, the exact constant rounds to %v", c.name, lit, float32(f), want)
		}
	}
}
