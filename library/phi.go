package library

import "math"

// Phi is the standard normal CDF Φ(x) = erfc(-x/√2)/2 (Abramowitz & Stegun
// 26.2.29), which keeps full relative accuracy in the lower tail where
// (1+erf(x/√2))/2 cancels; Φ(-Inf) = 0, Φ(+Inf) = 1, Φ(NaN) = NaN.
func Phi(x float64) float64 { return 0.5 * math.Erfc(-x*InvSqrt2) }
