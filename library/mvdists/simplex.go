package mvdists

import "fmt"

// checkSimplex reports a vector that is not a simplex, as Stan's
// check_simplex: elements >= 0 summing to 1 within 1e-8.
func checkSimplex(name string, theta []float64) error {
	s := 0.0
	for _, x := range theta {
		if !(x >= 0) {
			return fmt.Errorf("%s is not a simplex: it has the element %g", name, x)
		}
		s += x
	}
	if !(s-1 <= 1e-8 && 1-s <= 1e-8) {
		return fmt.Errorf("%s is not a simplex: its elements sum to %g", name, s)
	}
	return nil
}
