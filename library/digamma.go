package library

import "gonum.org/v1/gonum/mathext"

// Digamma is ψ(x) = Γ'(x)/Γ(x): gonum's mathext.Digamma, whose algorithm
// the C body ports.
func Digamma(x float64) float64 { return mathext.Digamma(x) }

func init() {
	registerC("digamma", `
/* gonum mathext.Digamma (library/digamma.go): reflection for x < 0,
   recurrence up to 7, then the asymptotic series (DLMF 5.5.4, 5.5.2, 5.11.2). */
BAYES_FN bayes_real bayes_digamma(bayes_real x)
{
	bayes_real result = BAYES_R(0.0);
	if (isnan(x) || (isinf(x) && x > 0)) return x;
	if (isinf(x)) return BAYES_NAN;
	if (x == 0) return BAYES_M(copysign)(BAYES_INF, -x);
	if (x < 0) {
		bayes_real ip;
		if (x == BAYES_M(floor)(x)) return BAYES_NAN;
		bayes_real r = BAYES_M(modf)(x, &ip);
		result = -BAYES_PI / BAYES_M(tan)(BAYES_PI * r);
		x = 1 - x;
	}
	for (; x < 7; x++) result -= 1 / x;
	x -= BAYES_R(0.5);
	bayes_real xx = 1 / x;
	bayes_real xx2 = xx * xx;
	bayes_real xx4 = xx2 * xx2;
	result += BAYES_M(log)(x) + (BAYES_R(1.0) / BAYES_R(24.0)) * xx2 - (BAYES_R(7.0) / BAYES_R(960.0)) * xx4 + (BAYES_R(31.0) / BAYES_R(8064.0)) * xx4 * xx2 - (BAYES_R(127.0) / BAYES_R(30720.0)) * xx4 * xx4;
	return result;
}`)
}
