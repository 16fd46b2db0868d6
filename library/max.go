package library

import "math"

// MaxOf is the largest of x's elements, NaN if any is (Stan's max), for x
// of one element or more.
func MaxOf(x []float64) float64 {
	m := x[0]
	for _, v := range x[1:] {
		if math.IsNaN(v) || v > m {
			m = v
		}
	}
	return m
}
