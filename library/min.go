package library

import "math"

// MinOf is the smallest of x's elements, NaN if any is (Stan's min), for x
// of one element or more.
func MinOf(x []float64) float64 {
	m := x[0]
	for _, v := range x[1:] {
		if math.IsNaN(v) || v < m {
			m = v
		}
	}
	return m
}
