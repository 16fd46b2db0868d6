package library

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/integrate/quad"
)

// OwensT is Owen's T function (Owen 1956, "Tables for computing bivariate
// normal probabilities", eq. 2.1),
//
//	T(h, a) = 1/(2π) ∫_0^a exp(-h²(1+x²)/2) / (1+x²) dx,
//
// even in h and odd in a. For |a| <= 1 the integral is taken by
// 20-point Gauss–Legendre rules on subintervals no wider than 1/(2|h|),
// the width of the integrand's bump; for |a| > 1, Owen's eq. 2.3,
//
//	T(h, a) = (Φ(h) Q(ah) + Φ(ah) Q(h))/2 - T(ah, 1/a),   h >= 0, Q = 1 - Φ,
//
// written with Q so that nothing cancels in the upper tail. Special cases:
// T(h, 0) = 0, T(0, a) = atan(a)/(2π), T(±Inf, a) = 0, NaN gives NaN.
func OwensT(h, a float64) float64 {
	switch {
	case math.IsNaN(h) || math.IsNaN(a):
		return math.NaN()
	case a < 0:
		return -OwensT(h, -a)
	case a == 0 || math.IsInf(h, 0):
		return 0
	}
	h = math.Abs(h)
	if h == 0 {
		return math.Atan(a) / (2 * math.Pi)
	}
	if a > 1 {
		ah := a * h
		return 0.5*(Phi(h)*Phi(-ah)+Phi(ah)*Phi(-h)) - OwensT(ah, 1/a)
	}
	f := func(x float64) float64 {
		u := 1 + x*x
		return math.Exp(-0.5*h*h*u) / u
	}
	parts := max(1, int(math.Ceil(2*h*a)))
	s := 0.0
	for i := range parts {
		lo, hi := a*float64(i)/float64(parts), a*float64(i+1)/float64(parts)
		s += quad.Fixed(f, lo, hi, 20, quad.Legendre{}, 0)
	}
	return s / (2 * math.Pi)
}

// owensTNodes are the 20-point Gauss–Legendre nodes and weights on [-1, 1]
// that quad.Fixed uses, written into the C body so that C integrates with
// the same rule.
func owensTNodes() (x, w []float64) {
	x, w = make([]float64, 20), make([]float64, 20)
	quad.Legendre{}.FixedLocations(x, w, -1, 1)
	return x, w
}

func init() {
	x, w := owensTNodes()
	lit := func(v []float64) string {
		s := make([]string, len(v))
		for i, f := range v {
			s[i] = fmt.Sprintf("BAYES_R(%.17g)", f)
		}
		return strings.Join(s, ", ")
	}
	registerC("owens_t", `
/* OwensT (library/owens_t.go): Owen's T function by 20-point Gauss–Legendre
   on subintervals no wider than 1/(2h) for a <= 1, Owen's eq. 2.3 for a > 1.
   The nodes and weights are gonum's (quad.Legendre), written by Go. */
BAYES_DATA bayes_real bayes_owen_t_x[20] = {`+lit(x)+`};
BAYES_DATA bayes_real bayes_owen_t_w[20] = {`+lit(w)+`};

BAYES_FN bayes_real bayes_owen_t_small(bayes_real h, bayes_real a)
{
	bayes_real s = 0, lo, hi, mid, half, u, xi;
	int parts, i, k;
	if (isinf(h)) return 0;
	parts = (int)BAYES_M(ceil)(2 * h * a);
	if (parts < 1) parts = 1;
	for (i = 0; i < parts; i++) {
		lo = a * (bayes_real)i / (bayes_real)parts;
		hi = a * (bayes_real)(i + 1) / (bayes_real)parts;
		mid = (lo + hi) / 2;
		half = (hi - lo) / 2;
		for (k = 0; k < 20; k++) {
			xi = mid + half * bayes_owen_t_x[k];
			u = 1 + xi * xi;
			s += BAYES_M(exp)(BAYES_R(-0.5) * h * h * u) / u * bayes_owen_t_w[k] * half;
		}
	}
	return s / (2 * BAYES_PI);
}

BAYES_FN bayes_real bayes_owen_t(bayes_real h, bayes_real a)
{
	bayes_real sign = 1, ah;
	if (isnan(h) || isnan(a)) return BAYES_NAN;
	if (a < 0) {
		a = -a;
		sign = -1;
	}
	if (a == 0 || isinf(h)) return 0;
	h = BAYES_M(fabs)(h);
	if (h == 0) return sign * BAYES_M(atan)(a) / (2 * BAYES_PI);
	if (a > 1) {
		ah = a * h;
		return sign * (BAYES_R(0.5) * (BAYES_R(0.5) * BAYES_M(erfc)(-h * BAYES_R(0.70710678118654752440)) * BAYES_R(0.5) * BAYES_M(erfc)(ah * BAYES_R(0.70710678118654752440)) +
			BAYES_R(0.5) * BAYES_M(erfc)(-ah * BAYES_R(0.70710678118654752440)) * BAYES_R(0.5) * BAYES_M(erfc)(h * BAYES_R(0.70710678118654752440))) - bayes_owen_t_small(ah, 1 / a));
	}
	return sign * bayes_owen_t_small(h, a);
}`)
}
