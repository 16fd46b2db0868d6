package library

import "math"

// logPhiTail is where LogPhi and DlogPhi switch to the asymptotic series:
// below it exp(-x²/2) and erfc(-x/√2) lose more than x²/2 ulps (their
// arguments' rounding, 2e-14 relative at x = -20), and erfc underflows
// below x = -37.5.
const logPhiTail = -20

// millsSeries is Σ (-1)^k (2k-1)!! / x^(2k), k = 0..7: Φ(x) ≈ φ(x)/(-x)
// times it for x -> -∞ (Abramowitz & Stegun 26.2.12); the first term left
// out, 15!!/x^16, is below 4e-15 for x <= -20.
func millsSeries(x float64) float64 {
	w := 1 / (x * x)
	return 1 + w*(-1+w*(3+w*(-15+w*(105+w*(-945+w*(10395+w*-135135))))))
}

// LogPhi is log Φ(x), the standard normal log CDF: log(erfc(-x/√2)/2),
// and in the lower tail, x < -20, -x²/2 - log(-x) - log(2π)/2 + log of
// the Mills series, where erfc would underflow.
func LogPhi(x float64) float64 {
	if x < logPhiTail {
		return -0.5*x*x - math.Log(-x) - HalfLog2Pi + math.Log(millsSeries(x))
	}
	return math.Log(0.5 * math.Erfc(-x*InvSqrt2))
}

// DlogPhi is d/dx log Φ(x) = φ(x)/Φ(x); in the lower tail, x < -20,
// -x divided by the Mills series.
func DlogPhi(x float64) float64 {
	if x < logPhiTail {
		return -x / millsSeries(x)
	}
	return math.Exp(-0.5*x*x) * InvSqrt2Pi / (0.5 * math.Erfc(-x*InvSqrt2))
}

func init() {
	registerC("log_phi", `
/* millsSeries, LogPhi and DlogPhi (library/log_phi.go): log Φ(x) and
   φ(x)/Φ(x), by the asymptotic series below x = -20. */
BAYES_FN bayes_real bayes_mills_series(bayes_real x)
{
	bayes_real w = 1 / (x * x);
	return 1 + w * (-1 + w * (3 + w * (-15 + w * (105 + w * (-945 + w * (10395 + w * -135135))))));
}

BAYES_FN bayes_real bayes_log_phi(bayes_real x)
{
	if (x < -20) return -BAYES_R(0.5) * x * x - BAYES_M(log)(-x) - BAYES_HALF_LOG_2PI + BAYES_M(log)(bayes_mills_series(x));
	return BAYES_M(log)(BAYES_R(0.5) * BAYES_M(erfc)(-x * (bayes_real)M_SQRT1_2));
}

BAYES_FN bayes_real bayes_dlog_phi(bayes_real x)
{
	if (x < -20) return -x / bayes_mills_series(x);
	return BAYES_M(exp)(-BAYES_R(0.5) * x * x) * BAYES_R(0.398942280401432677939946059934) / (BAYES_R(0.5) * BAYES_M(erfc)(-x * (bayes_real)M_SQRT1_2));
}`)
}
