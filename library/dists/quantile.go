package dists

import "math"

// bisectQuantile inverts a continuous CDF by bisection to the last bit,
// in a bracket around center that starts scale wide on each side and
// widens until it holds u; u = 0 and 1 give -Inf and +Inf.
func bisectQuantile(cdf func(float64, []float64) float64, u float64, p []float64, center, scale float64) float64 {
	switch {
	case u == 0:
		return math.Inf(-1)
	case u == 1:
		return math.Inf(1)
	case !(u > 0 && u < 1):
		return math.NaN()
	}
	lo, hi := center-scale, center+scale
	for cdf(lo, p) > u {
		lo -= 2 * (hi - lo)
	}
	for cdf(hi, p) < u {
		hi += 2 * (hi - lo)
	}
	for range 200 {
		mid := 0.5 * (lo + hi)
		if mid == lo || mid == hi {
			break
		}
		if cdf(mid, p) < u {
			lo = mid
		} else {
			hi = mid
		}
	}
	return 0.5 * (lo + hi)
}
