package library

import "math"

// IncBeta is the regularized incomplete beta function
// I_x(a, b) = B(x; a, b)/B(a, b), a, b > 0, x in [0, 1] (DLMF 8.17.2).
// Special cases: I_0 = 0, I_1 = 1; x outside [0, 1] or NaN gives NaN.
func IncBeta(a, b, x float64) float64 {
	if !(x >= 0 && x <= 1) {
		return math.NaN()
	}
	return math.Exp(LogIncBeta(a, b, x, 1-x))
}

// LogIncBeta is log I_x(a, b), with xc = 1 - x given by the caller, who
// can often compute it without the cancellation of 1 - x (student_t's
// t²/(ν+t²)). It is the continued fraction of DLMF 8.17.22,
//
//	I_x(a, b) = x^a (1-x)^b / (a B(a, b)) · 1/(1+ d_1/(1+ d_2/(1+ ...))),
//
// evaluated by the modified Lentz algorithm (Press et al., Numerical
// Recipes, 3rd ed., §6.4 betacf), where it converges fast, x < (a+1)/(a+b+2);
// elsewhere as log(1 - I_xc(b, a)) (DLMF 8.17.4). The front factor is
// taken in logs, so the lower tail keeps its relative accuracy far below
// the smallest double.
func LogIncBeta(a, b, x, xc float64) float64 {
	switch {
	case x <= 0:
		return math.Inf(-1)
	case xc <= 0:
		return 0
	}
	if x < (a+1)/(a+b+2) {
		return a*math.Log(x) + b*math.Log(xc) - Lbeta(a, b) + math.Log(betaFraction(a, b, x)/a)
	}
	return math.Log1p(-math.Exp(b*math.Log(xc) + a*math.Log(x) - Lbeta(b, a) + math.Log(betaFraction(b, a, xc)/b)))
}

// betaFraction is the continued fraction of LogIncBeta, to the last bit
// or 1000 terms (enough for a and b to about 10⁵; the number of terms
// grows as √max(a, b)).
func betaFraction(a, b, x float64) float64 {
	const tiny = 1e-30
	qab, qap, qam := a+b, a+1, a-1
	c, d := 1.0, 1-qab*x/qap
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 1000; m++ {
		fm := float64(m)
		m2 := 2 * fm
		aa := fm * (b - fm) * x / ((qam + m2) * (a + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		aa = -(a + fm) * (qab + fm) * x / ((a + m2) * (qap + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
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
	return h
}

func init() {
	registerC("inc_beta", `
/* betaFraction and LogIncBeta (library/inc_beta.go): log I_x(a, b) by the
   continued fraction of DLMF 8.17.22 (modified Lentz). */
BAYES_FN bayes_real bayes_beta_fraction(bayes_real a, bayes_real b, bayes_real x)
{
	const bayes_real tiny = BAYES_R(1e-30);
	bayes_real qab = a + b, qap = a + 1, qam = a - 1;
	bayes_real c = 1, d = 1 - qab * x / qap, h;
	int m;
	if (BAYES_M(fabs)(d) < tiny) d = tiny;
	d = 1 / d;
	h = d;
	for (m = 1; m <= 1000; m++) {
		bayes_real fm = (bayes_real)m, m2 = 2 * fm, aa, del;
		aa = fm * (b - fm) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (BAYES_M(fabs)(d) < tiny) d = tiny;
		c = 1 + aa / c;
		if (BAYES_M(fabs)(c) < tiny) c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = -(a + fm) * (qab + fm) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (BAYES_M(fabs)(d) < tiny) d = tiny;
		c = 1 + aa / c;
		if (BAYES_M(fabs)(c) < tiny) c = tiny;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (BAYES_M(fabs)(del - 1) < BAYES_R(1.1102230246251565e-16)) break;
	}
	return h;
}

BAYES_FN bayes_real bayes_log_inc_beta(bayes_real a, bayes_real b, bayes_real x, bayes_real xc)
{
	if (x <= 0) return -INFINITY;
	if (xc <= 0) return 0;
	if (x < (a + 1) / (a + b + 2))
		return a * BAYES_M(log)(x) + b * BAYES_M(log)(xc) - bayes_lbeta(a, b) + BAYES_M(log)(bayes_beta_fraction(a, b, x) / a);
	return BAYES_M(log1p)(-BAYES_M(exp)(b * BAYES_M(log)(xc) + a * BAYES_M(log)(x) - bayes_lbeta(b, a) + BAYES_M(log)(bayes_beta_fraction(b, a, xc) / b)));
}`)
}
