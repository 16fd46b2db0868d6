package library

import (
	"math"

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
