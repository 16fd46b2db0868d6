package library

import "math"

// GammaP is the regularized lower incomplete gamma function P(a, x) =
// γ(a, x)/Γ(a), and GammaQ its complement Q(a, x) = 1 - P(a, x) = Γ(a,
// x)/Γ(a), for a > 0, x >= 0 (DLMF 8.2.4). Each is computed as Numerical
// Recipes' gammp and gammq (Press et al., 3rd ed., §6.2): for x < a+1 the
// series P = e^{-x} x^a / Γ(a+1) Σ_k x^k / ((a+1)...(a+k)) (DLMF 8.7.1),
// elsewhere the continued fraction of Q (DLMF 8.9.2) by the modified
// Lentz algorithm, each to the last bit or 100000 terms, the other as 1
// minus it. Special cases: P(a, 0) = 0, P(a, +Inf) = 1; a <= 0, x < 0 and
// NaN give NaN.
func GammaP(a, x float64) float64 { return incGamma(a, x, false) }

// GammaQ is Q(a, x) (GammaP).
func GammaQ(a, x float64) float64 { return incGamma(a, x, true) }

func incGamma(a, x float64, upper bool) float64 {
	switch {
	case !(a > 0) || !(x >= 0):
		return math.NaN()
	case x == 0 && upper, math.IsInf(x, 1) && !upper:
		return 1
	case x == 0, math.IsInf(x, 1):
		return 0
	}
	front := math.Exp(-x + a*math.Log(x) - Lgamma(a))
	if x < a+1 {
		ap, del := a, 1/a
		sum := del
		for range 100000 {
			ap++
			del *= x / ap
			sum += del
			if math.Abs(del) < math.Abs(sum)*0x1p-53 {
				break
			}
		}
		if upper {
			return 1 - sum*front
		}
		return sum * front
	}
	const tiny = 1e-300
	b := x + 1 - a
	c, d := 1/tiny, 1/b
	h := d
	for i := 1.0; i <= 100000; i++ {
		an := -i * (i - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 0x1p-53 {
			break
		}
	}
	if upper {
		return front * h
	}
	return 1 - front*h
}

func init() {
	registerC("inc_gamma", `
/* incGamma (library/inc_gamma.go): P(a, x) (upper 0) or Q(a, x) (upper 1)
   by the series of P or the continued fraction of Q (Numerical Recipes). */
BAYES_FN bayes_real bayes_inc_gamma(bayes_real a, bayes_real x, int upper)
{
	bayes_real front, ap, del, sum, b, c, d, h, an, i;
	const bayes_real tiny = BAYES_R(1e-300);
	int k;
	if (!(a > 0) || !(x >= 0)) return BAYES_NAN;
	if ((x == 0 && upper) || (isinf(x) && !upper)) return 1;
	if (x == 0 || isinf(x)) return 0;
	front = BAYES_M(exp)(-x + a * BAYES_M(log)(x) - bayes_lgamma(a));
	if (x < a + 1) {
		ap = a;
		del = 1 / a;
		sum = del;
		for (k = 0; k < 100000; k++) {
			ap++;
			del *= x / ap;
			sum += del;
			if (BAYES_M(fabs)(del) < BAYES_M(fabs)(sum) * BAYES_R(1.1102230246251565e-16)) break;
		}
		return upper ? 1 - sum * front : sum * front;
	}
	b = x + 1 - a;
	c = 1 / tiny;
	d = 1 / b;
	h = d;
	for (i = 1; i <= 100000; i++) {
		an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (BAYES_M(fabs)(d) < tiny) d = tiny;
		c = b + an / c;
		if (BAYES_M(fabs)(c) < tiny) c = tiny;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (BAYES_M(fabs)(del - 1) < BAYES_R(1.1102230246251565e-16)) break;
	}
	return upper ? front * h : 1 - front * h;
}`)
}
