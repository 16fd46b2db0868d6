package library

import "math"

// LogIncGamma is log P(a, x), the regularized lower incomplete gamma
// function γ(a, x)/Γ(a) (DLMF 8.2.4), or with upper log Q(a, x) =
// log(1 - P(a, x)), for a > 0. Below x = a+1 it sums the series of DLMF
// 8.7.1, P = x^a e^-x / Γ(a+1) Σ x^n / ((a+1)...(a+n)), elsewhere the
// continued fraction of DLMF 8.9.2 for Q, evaluated by the modified Lentz
// algorithm (Press et al., Numerical Recipes, 3rd ed., §6.2 gser and
// gcf), each to the last bit or 1000 terms; the front factor is taken in
// logs and the other tail is log1m_exp of the one computed, so each tail
// keeps its relative accuracy far below the smallest double. Special
// cases: x <= 0 gives P = 0, Q = 1; x = +Inf gives P = 1, Q = 0.
func LogIncGamma(a, x float64, upper bool) float64 {
	switch {
	case x <= 0 && upper:
		return 0
	case x <= 0:
		return math.Inf(-1)
	case math.IsInf(x, 1) && upper:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return 0
	}
	front := a*math.Log(x) - x - Lgamma(a)
	if x < a+1 {
		lp := front + math.Log(gammaSeries(a, x))
		if upper {
			return Log1mExp(lp)
		}
		return lp
	}
	lq := front + math.Log(gammaFraction(a, x))
	if upper {
		return lq
	}
	return Log1mExp(lq)
}

// GammaP is the regularized lower incomplete gamma function P(a, x) =
// γ(a, x)/Γ(a), and GammaQ its complement Q(a, x) = Γ(a, x)/Γ(a) (DLMF
// 8.2.4), for a > 0, x >= 0: the exponential of LogIncGamma. Special
// cases: P(a, 0) = 0, P(a, +Inf) = 1; a <= 0, x < 0 and NaN give NaN.
func GammaP(a, x float64) float64 { return incGamma(a, x, false) }

// GammaQ is Q(a, x) (GammaP).
func GammaQ(a, x float64) float64 { return incGamma(a, x, true) }

func incGamma(a, x float64, upper bool) float64 {
	if !(a > 0) || !(x >= 0) {
		return math.NaN()
	}
	return math.Exp(LogIncGamma(a, x, upper))
}

// gammaSeries is Σ_{n>=0} x^n / (a (a+1) ... (a+n)), so that
// P = x^a e^-x / Γ(a) times it.
func gammaSeries(a, x float64) float64 {
	ap, del := a, 1/a
	sum := del
	for range 1000 {
		ap++
		del *= x / ap
		sum += del
		if math.Abs(del) < math.Abs(sum)*0x1p-53 {
			break
		}
	}
	return sum
}

// gammaFraction is the continued fraction 1/(x+1-a- 1(1-a)/(x+3-a- ...)),
// so that Q = x^a e^-x / Γ(a) times it.
func gammaFraction(a, x float64) float64 {
	const tiny = 1e-30
	b := x + 1 - a
	c, d := 1/tiny, 1/b
	h := d
	for i := 1; i <= 1000; i++ {
		an := -float64(i) * (float64(i) - a)
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
	return h
}

func init() {
	registerC("inc_gamma", `
/* gammaSeries, gammaFraction and LogIncGamma (library/inc_gamma.go):
   log P(a, x), or with upper log Q(a, x), by the series of DLMF 8.7.1
   below x = a+1 and the continued fraction of DLMF 8.9.2 above. */
BAYES_FN bayes_real bayes_gamma_series(bayes_real a, bayes_real x)
{
	bayes_real ap = a, del = 1 / a, sum = del;
	int n;
	for (n = 0; n < 1000; n++) {
		ap += 1;
		del *= x / ap;
		sum += del;
		if (BAYES_M(fabs)(del) < BAYES_M(fabs)(sum) * BAYES_R(1.1102230246251565e-16)) break;
	}
	return sum;
}

BAYES_FN bayes_real bayes_gamma_fraction(bayes_real a, bayes_real x)
{
	const bayes_real tiny = BAYES_R(1e-30);
	bayes_real b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
	int i;
	for (i = 1; i <= 1000; i++) {
		bayes_real an = -(bayes_real)i * ((bayes_real)i - a), del;
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
	return h;
}

BAYES_FN bayes_real bayes_log_inc_gamma(bayes_real a, bayes_real x, int upper)
{
	bayes_real front, l;
	if (x <= 0) return upper ? 0 : -BAYES_INF;
	if (isinf(x)) return upper ? -BAYES_INF : 0;
	front = a * BAYES_M(log)(x) - x - BAYES_M(lgamma)(a);
	if (x < a + 1) {
		l = front + BAYES_M(log)(bayes_gamma_series(a, x));
		return upper ? bayes_log1m_exp(l) : l;
	}
	l = front + BAYES_M(log)(bayes_gamma_fraction(a, x));
	return upper ? l : bayes_log1m_exp(l);
}

/* incGamma (library/inc_gamma.go): P(a, x) (upper 0) or Q(a, x) (upper 1). */
BAYES_FN bayes_real bayes_inc_gamma(bayes_real a, bayes_real x, int upper)
{
	if (!(a > 0) || !(x >= 0)) return BAYES_NAN;
	return BAYES_M(exp)(bayes_log_inc_gamma(a, x, upper));
}`)
}
