package library

import "math"

// LambertW0 is the principal branch W₀ of the Lambert W function, the
// solution w >= -1 of w e^w = x, x >= -1/e; LambertWm1 the lower branch
// W₋₁, w <= -1, for -1/e <= x < 0 (Corless et al. 1996, "On the Lambert W
// function", Adv. Comput. Math. 5). Both start from the series about the
// branch point, w = -1 ± p - p²/3 ± 11p³/72 with p = √(2(ex+1)) (their
// eq. 4.22), near it, and from the asymptotic w = L₁ - L₂ + L₂/L₁ (their
// eq. 4.19) elsewhere, then iterate Halley's method on w e^w - x (their
// eq. 5.9) to the last bit; for w > 1, Newton's method on w + log w -
// log x, which does not overflow. Special cases: W₀(-1/e) = W₋₁(-1/e) =
// -1, W₀(0) = 0, W₀(+Inf) = +Inf, W₋₁(0) = -Inf; x < -1/e, x > 0 for W₋₁,
// and NaN give NaN.
func LambertW0(x float64) float64 { return lambertW(x, false) }

// LambertWm1 is W₋₁ (LambertW0).
func LambertWm1(x float64) float64 { return lambertW(x, true) }

// invE is 1/e, the branch point's -x.
const invE = 0.36787944117144233

func lambertW(x float64, lower bool) float64 {
	switch {
	case math.IsNaN(x) || x < -invE || lower && x > 0:
		return math.NaN()
	case x == -invE:
		return -1
	case x == 0 && lower:
		return math.Inf(-1)
	case x == 0:
		return 0
	case math.IsInf(x, 1):
		return x
	}
	var w float64
	p := math.Sqrt(2 * (math.E*x + 1))
	switch {
	case x < -0.25 && lower:
		w = -1 - p - p*p/3 - 11.0/72*p*p*p
	case x < -0.25:
		w = -1 + p - p*p/3 + 11.0/72*p*p*p
	case lower:
		l1 := math.Log(-x)
		l2 := math.Log(-l1)
		w = l1 - l2 + l2/l1
	case x < 3:
		w = math.Log1p(x)
	default:
		l1 := math.Log(x)
		l2 := math.Log(l1)
		w = l1 - l2 + l2/l1
	}
	if w > 1 { // Newton on w + log w - log x
		lx := math.Log(x)
		for range 100 {
			dw := (w + math.Log(w) - lx) / (1 + 1/w)
			w -= dw
			if math.Abs(dw) <= 0x1p-52*math.Abs(w) {
				break
			}
		}
		return w
	}
	for range 100 {
		ew := math.Exp(w)
		f := w*ew - x
		if f == 0 {
			break
		}
		wp1 := w + 1
		dw := f / (ew*wp1 - (w+2)*f/(2*wp1))
		w -= dw
		if math.Abs(dw) <= 0x1p-52*math.Abs(w) {
			break
		}
	}
	return w
}

func init() {
	registerC("lambert_w", `
/* lambertW (library/lambert_w.go): W₀ (lower 0) or W₋₁ (lower 1) by
   Halley's method from the branch-point series or the asymptotic form. */
BAYES_FN bayes_real bayes_lambert_w(bayes_real x, int lower)
{
	bayes_real w, p, l1, l2, dw, lx, ew, f, wp1;
	int i;
	const bayes_real inv_e = BAYES_R(0.36787944117144233);
	if (isnan(x) || x < -inv_e || (lower && x > 0)) return BAYES_NAN;
	if (x == -inv_e) return -1;
	if (x == 0 && lower) return -BAYES_INF;
	if (x == 0) return 0;
	if (isinf(x) && x > 0) return x;
	p = BAYES_M(sqrt)(2 * (BAYES_R(2.718281828459045) * x + 1));
	if (x < BAYES_R(-0.25) && lower) {
		w = -1 - p - p * p / 3 - BAYES_R(11.0) / 72 * p * p * p;
	} else if (x < BAYES_R(-0.25)) {
		w = -1 + p - p * p / 3 + BAYES_R(11.0) / 72 * p * p * p;
	} else if (lower) {
		l1 = BAYES_M(log)(-x);
		l2 = BAYES_M(log)(-l1);
		w = l1 - l2 + l2 / l1;
	} else if (x < 3) {
		w = BAYES_M(log1p)(x);
	} else {
		l1 = BAYES_M(log)(x);
		l2 = BAYES_M(log)(l1);
		w = l1 - l2 + l2 / l1;
	}
	if (w > 1) {
		lx = BAYES_M(log)(x);
		for (i = 0; i < 100; i++) {
			dw = (w + BAYES_M(log)(w) - lx) / (1 + 1 / w);
			w -= dw;
			if (BAYES_M(fabs)(dw) <= BAYES_R(2.220446049250313e-16) * BAYES_M(fabs)(w)) break;
		}
		return w;
	}
	for (i = 0; i < 100; i++) {
		ew = BAYES_M(exp)(w);
		f = w * ew - x;
		if (f == 0) break;
		wp1 = w + 1;
		dw = f / (ew * wp1 - (w + 2) * f / (2 * wp1));
		w -= dw;
		if (BAYES_M(fabs)(dw) <= BAYES_R(2.220446049250313e-16) * BAYES_M(fabs)(w)) break;
	}
	return w;
}`)
}
