package library

import "math"

// LogOwensTUpper is log(T(h, ∞) - T(h, a)), T Owen's (owens_t.go), for
// h >= 0 and a >= 0:
//
//	T(h, ∞) - T(h, a) = 1/(2π) ∫_a^∞ exp(-h²(1+x²)/2) / (1+x²) dx,
//
// the upper part of T's integral, positive and without the cancellation of
// the difference, in logs so that it keeps its value where it underflows
// (the skew normal's tails, skew_normal_cdf.go). With x = a + s it is
// exp(-h²(1+a²)/2)/(2π) times
//
//	I = ∫_0^∞ exp(-h²as - h²s²/2) / (1+(a+s)²) ds,
//
// whose integrand decreases from 1/(1+a²) over a length of about
// L = 1/(h²a + h + 1/(1+a)) (the exponential, the Gaussian and the
// rational decay), and I is taken by the exp-sinh rule of Takahasi and Mori
// (1974), s = L exp(π/2 sinh t), t in [-4.5, 4.5], halving the step from
// 1/2 until two sums agree to 1e-14 or the step is 1/64. Gauss–Legendre, as
// in OwensT, would need panels on two scales at once where h is small.
// h = 0 is closed: atan(1/a)/(2π).
func LogOwensTUpper(h, a float64) float64 {
	switch {
	case math.IsNaN(h) || math.IsNaN(a):
		return math.NaN()
	case math.IsInf(h, 1) || math.IsInf(a, 1):
		return math.Inf(-1)
	case h == 0:
		return math.Log(math.Atan(1/a)) - 2*HalfLog2Pi
	}
	e := -0.5 * h * h * (1 + a*a)
	if math.IsInf(e, -1) {
		return e
	}
	l := 1 / (h*h*a + h + 1/(1+a))
	term := func(t float64) float64 {
		s := l * math.Exp(math.Pi/2*math.Sinh(t))
		return math.Exp(-h*h*a*s-0.5*h*h*s*s) / (1 + (a+s)*(a+s)) * s * math.Pi / 2 * math.Cosh(t)
	}
	const reach = 4.5
	step, n := 0.5, 9
	sum := 0.0
	for k := -n; k <= n; k++ {
		sum += term(float64(k) * step)
	}
	prev := sum * step
	for step > 1.0/64 {
		step, n = step/2, 2*n
		for k := -n + 1; k < n; k += 2 {
			sum += term(float64(k) * step)
		}
		next := sum * step
		done := math.Abs(next-prev) <= 1e-14*next
		if prev = next; done {
			break
		}
	}
	return e + math.Log(prev) - 2*HalfLog2Pi
}

func init() {
	registerC("log_owens_t_upper", `
/* LogOwensTUpper (library/log_owens_t_upper.go): log(T(h, inf) - T(h, a))
   by the exp-sinh rule on s = l exp(pi/2 sinh t), halving the step. */
BAYES_FN bayes_real bayes_owens_t_upper_term(bayes_real t, bayes_real h, bayes_real a, bayes_real l)
{
	bayes_real s = l * BAYES_M(exp)(BAYES_PI / 2 * BAYES_M(sinh)(t));
	return BAYES_M(exp)(-h * h * a * s - BAYES_R(0.5) * h * h * s * s) / (1 + (a + s) * (a + s)) * s * BAYES_PI / 2 * BAYES_M(cosh)(t);
}

BAYES_FN bayes_real bayes_log_owens_t_upper(bayes_real h, bayes_real a)
{
	bayes_real e, l, sum = 0, prev, next, step = BAYES_R(0.5);
	int n = 9, k, done;
	if (isnan(h) || isnan(a)) return BAYES_NAN;
	if (isinf(h) || isinf(a)) return -BAYES_INF;
	if (h == 0) return BAYES_M(log)(BAYES_M(atan)(1 / a)) - 2 * BAYES_HALF_LOG_2PI;
	e = BAYES_R(-0.5) * h * h * (1 + a * a);
	if (isinf(e)) return e;
	l = 1 / (h * h * a + h + 1 / (1 + a));
	for (k = -n; k <= n; k++) sum += bayes_owens_t_upper_term((bayes_real)k * step, h, a, l);
	prev = sum * step;
	while (step > BAYES_R(1.0) / 64) {
		step /= 2;
		n *= 2;
		for (k = -n + 1; k < n; k += 2) sum += bayes_owens_t_upper_term((bayes_real)k * step, h, a, l);
		next = sum * step;
		done = BAYES_M(fabs)(next - prev) <= BAYES_R(1e-14) * next;
		prev = next;
		if (done) break;
	}
	return e + BAYES_M(log)(prev) - 2 * BAYES_HALF_LOG_2PI;
}`)
}
