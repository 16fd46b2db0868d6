package library

import "math"

// CumSum is the running sums of x: element i is x_0 + ... + x_i, added in
// order.
func CumSum(x []float64) []float64 {
	out := make([]float64, len(x))
	s := 0.0
	for i, v := range x {
		s += v
		out[i] = s
	}
	return out
}

// Prod is Π x_i, multiplied in order; 1 for no elements.
func Prod(x []float64) float64 {
	p := 1.0
	for _, v := range x {
		p *= v
	}
	return p
}

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
