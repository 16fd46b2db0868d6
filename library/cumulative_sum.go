package library

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
