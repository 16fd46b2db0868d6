package library

// Prod is Π x_i, multiplied in order; 1 for no elements.
func Prod(x []float64) float64 {
	p := 1.0
	for _, v := range x {
		p *= v
	}
	return p
}
